import NodeContract
import NodeTestSupport
import Testing

/// `POST /v1/wizard/{step}` and `wizardSteps` on a node that performs no wizard step (the default of both servers):
/// the simulator and `aeupgrade-node` answer alike.
@Suite("node contract: wizard steps on a node without any")
struct NodeContractWizardTests {
    @Test("no wizardSteps in GET /v1/node; 404 for a step, 400 for a name that is not one; nothing changes",
          arguments: ContractTarget.allCases)
    func noWizardSteps(_ target: ContractTarget) async throws {
        try await target.run { server in
            let node = try await server.get(ContractPath.node)
            #expect(node.status == 200 && !node.text.contains("wizardSteps"))
            #expect(try node.json(NodeState.self).wizardSteps.isEmpty)
            let version = #"{"version": "\#(ContractVersions.target)"}"#
            let replies: [(HTTP.Reply, Int)] = [
                (try await server.post(ContractPath.wizard(.dbload), key: "w-dbload", body: version), 404),
                (try await server.post(ContractPath.wizard(.switch), key: "w-switch", body: "{}"), 404),
                (try await server.post("/v1/wizard/upgrade", key: "w-upgrade"), 400),
            ]
            for (reply, status) in replies {
                #expect(reply.status == status, "\(reply.text)")
                #expect(reply.contentType == ContractHeader.problemJSON)
            }
            #expect(replies[0].0.text.contains("no command for the wizard's dbload"))
            let system = try await server.get(ContractPath.system).json(SystemState.self)
            #expect(system.zdu.phase == .off)
            try await NodeContractTests.expectUntouched(server)
        }
    }
}
