import NodeContract
import NodeTestSupport
import Testing

/// The ZDU part of the node contract, the same assertions against the simulator and `aeupgrade-node`: the
/// preconditions of target/start, the postconditions of cps/stop and wps/stop, and processes/start refused in
/// compatibility mode (docs/ae-model.md AE-ZDU-2, AE-ZDU-6, AE-ZDU-9).
@Suite("node contract: split installation under ZDU, on the simulator and aeupgrade-node")
struct NodeContractZDUTests {
    static let target = #"{"version": "\#(ContractVersions.target)"}"#

    /// A 409 problem+json.
    static func expectConflict(_ reply: HTTP.Reply, _ comment: Comment) throws {
        #expect(reply.status == 409, comment)
        #expect(reply.contentType == ContractHeader.problemJSON, comment)
        #expect(try reply.json(Problem.self).status == 409, comment)
    }

    /// cps/stop stops the CPs and JCPs, wps/stop the rest; then the target processes start, every base one stopped.
    @Test("target/start: 409 before compatibility mode and while base processes run",
          arguments: ContractTarget.allCases)
    func splitInstallation(_ target: ContractTarget) async throws {
        try await target.run { server in
            try Self.expectConflict(
                try await server.post(ContractPath.targetStart, key: "early", body: Self.target), "ZDU off")
            #expect(try await server.run(ContractPath.binariesStage, key: "stage", body: Self.target).state
                == .succeeded)
            try Self.expectConflict(
                try await server.post(ContractPath.targetStart, key: "staged", body: Self.target), "ZDU still off")

            try await server.performDBLoad(target: ContractVersions.target)
            let system = try await server.system()
            #expect(system.zdu.phase == .compatibility && system.zdu.target == ContractVersions.target)
            try Self.expectConflict(
                try await server.post(ContractPath.targetStart, key: "running", body: Self.target),
                "base processes run")

            #expect(try await server.run(ContractPath.cpsStop, key: "cps").state == .succeeded)
            let drained = try await server.node().processes.filter { !$0.id.contains("@") }
            #expect(drained.filter(\.kind.servesAgents).allSatisfy { $0.state == .stopped })
            #expect(drained.filter { !$0.kind.servesAgents }.allSatisfy { $0.state == .running })
            try Self.expectConflict(
                try await server.post(ContractPath.targetStart, key: "wps-run", body: Self.target), "WPs run")

            #expect(try await server.run(ContractPath.wpsStop, key: "wps", body: #"{"drain": true}"#).state
                == .succeeded)
            let stopped = try await server.node().processes.filter { !$0.id.contains("@") }
            #expect(!stopped.isEmpty && stopped.allSatisfy { $0.state == .stopped })
            try Self.expectConflict(
                try await server.post(ContractPath.targetStart, key: "other", body: #"{"version": "24.4.9"}"#),
                "not the ZDU target")

            #expect(try await server.run(ContractPath.targetStart, key: "start", body: Self.target).state
                == .succeeded)
            let node = try await server.node()
            let base = node.processes.filter { !$0.id.contains("@") }
            let upgraded = node.processes.filter { $0.id.hasSuffix("@\(ContractVersions.target)") }
            #expect(base.allSatisfy { $0.state == .stopped && $0.version == ContractVersions.base })
            #expect(upgraded.allSatisfy { $0.state == .running && $0.version == ContractVersions.target })
            let upgradedKinds: [String] = upgraded.map(\.kind.rawValue).sorted()
            let baseKinds: [String] = base.map(\.kind.rawValue).sorted()
            #expect(!upgraded.isEmpty && upgradedKinds == baseKinds)
        }
    }

    @Test("processes/start is 409 naming KB 84928 in compatibility mode; stopped base processes stay stopped",
          arguments: ContractTarget.allCases)
    func baseProcessesStayStopped(_ target: ContractTarget) async throws {
        try await target.run { server in
            try await server.performDBLoad(target: ContractVersions.target)
            #expect(try await server.run(ContractPath.cpsStop, key: "cps").state == .succeeded)
            let refused = try await server.post(ContractPath.processesStart, key: "restart")
            try Self.expectConflict(refused, "compatibility mode")
            #expect(try refused.json(Problem.self).detail?.contains("84928") == true)
            try await server.finishRunningOperations()
            let serving = try await server.node().processes.filter(\.kind.servesAgents)
            #expect(!serving.isEmpty && serving.allSatisfy { $0.state == .stopped })
        }
    }
}
