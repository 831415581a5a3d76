import Foundation
import Logging
import NodeAgent
import NodeContract
import NodeTestSupport
import Testing

/// node.yaml's `wizard:` section: the site's own commands for AE wizard steps, listed in `GET /v1/node` and run by
/// `POST /v1/wizard/{step}` as operations (AE's wizard has no API, docs/ae-model.md AE-ZDU-1).
@Suite("aeupgrade-node scripted wizard steps")
struct NodeAgentWizardTests {
    typealias T = NodeAgentHTTPTests

    /// Runs `body` against `aeupgrade-node` over `fake` whose node AE_1A has `wizard` (YAML lines at the node's
    /// indentation plus two) as its `wizard:` section; none when empty.
    static func withAgent(_ fake: FakeNode, wizard: String, _ body: (String) async throws -> Void) async throws {
        let health = try await FakeHealth.start()
        var yaml = fake.config(healthURL: health.url, FakeNodeOptions())
        if !wizard.isEmpty {
            yaml = yaml.replacingOccurrences(of: "\n    commands:\n", with: "\n    wizard:\n\(wizard)\n    commands:\n")
        }
        do {
            let config = try ConfigLoader.parse(yaml: yaml, file: "node.yaml")
            let server = try await NodeAgentServer.start(config: config, logger: Logger(label: "test"))
            do { try await body(server.endpoints["AE_1A"]!) } catch {
                await server.stop()
                throw error
            }
            await server.stop()
        } catch {
            await health.stop()
            throw error
        }
        await health.stop()
    }

    /// A site script: logs its arguments and AEUPGRADE_WIZARD_STEP, then plays AE's wizard on the fake (the
    /// phase file `zdu.phaseCommand` reads), as the site's automation would have done it in the AWI.
    static func script(_ fake: FakeNode) throws -> String {
        try fake.write("awi-dbload.sh", """
            #!/bin/sh
            echo "$AEUPGRADE_WIZARD_STEP $*" >> \(fake.path("wizard-calls"))
            echo "compatibility $2" > \(fake.path("zdu-phase"))
            echo "DB load for $2 done"
            """, executable: true)
        return "      dbload: [\(fake.path("awi-dbload.sh")), \"{node}\", \"{version}\"]"
    }

    @Test("a configured wizard step is listed in GET /v1/node and run once per key with {node} and {version}")
    func runsTheConfiguredCommand() async throws {
        let fake = try FakeNode()
        try await Self.withAgent(fake, wizard: try Self.script(fake)) { base in
            #expect(try await T.node(base, fake).wizardSteps == ["dbload"])
            let done = try await T.operate(
                base, fake, ContractPath.wizard(.dbload), key: "h:zdu.dbload", body: #"{"version":"24.4.4"}"#)
            #expect(done.state == .succeeded && done.action == "wizard/dbload")
            #expect(done.output?.first?.command == [fake.path("awi-dbload.sh"), "AE_1A", "24.4.4"])
            #expect(done.output?.first?.stdout == "DB load for 24.4.4 done\n")
            let system = try await HTTP.send("GET", "\(base)\(ContractPath.system)", token: fake.token)
                .json(SystemState.self)
            #expect(system.zdu.phase == .compatibility && system.zdu.target == "24.4.4")
            let again = try await HTTP.send("POST", "\(base)\(ContractPath.wizard(.dbload))", token: fake.token,
                                            key: "h:zdu.dbload", body: #"{"version":"24.4.4"}"#)
            #expect(again.status == 202)
            #expect(try again.json(NodeContract.Operation.self).id == done.id)
            #expect(fake.read("wizard-calls") == "dbload AE_1A 24.4.4\n", "the command ran once")
            let listed = try await HTTP.send(
                "GET", "\(base)\(ContractPath.operationList)\(ContractPath.operationListQuery(keyPrefix: "h:"))",
                token: fake.token).json(OperationList.self)
            #expect(listed.operations.map(\.id) == [done.id])
        }
    }

    @Test("a wizard command that fails fails the operation with its exit and stderr")
    func failingCommand() async throws {
        let fake = try FakeNode()
        try fake.write("awi-switch.sh", "#!/bin/sh\necho 'AWI: step 4 refused' >&2\nexit 4\n", executable: true)
        try await Self.withAgent(fake, wizard: "      switch: [\(fake.path("awi-switch.sh"))]") { base in
            let failed = try await T.operate(base, fake, ContractPath.wizard(.switch), key: "s", body: "{}")
            #expect(failed.state == .failed)
            #expect(failed.reason?.contains("wizard.switch:") == true)
            #expect(failed.reason?.contains("exited with 4: AWI: step 4 refused") == true)
            #expect(failed.output?.first?.exitCode == 4)
        }
    }

    @Test("refusals: a step without a command 404 naming the setting, an unknown step 400, dbload without version 422")
    func refusals() async throws {
        let fake = try FakeNode()
        try await Self.withAgent(fake, wizard: try Self.script(fake)) { base in
            let none = try await HTTP.send(
                "POST", "\(base)/v1/wizard/finalize", token: fake.token, key: "f", body: "{}")
            #expect(none.status == 404)
            #expect(none.text.contains("nodes[].wizard.finalize") && none.text.contains("this node performs dbload"))
            let unknown = try await HTTP.send("POST", "\(base)/v1/wizard/upgrade", token: fake.token, key: "u")
            #expect(unknown.status == 400)
            #expect(unknown.text.contains("dbload, switch, finalize, rollback"))
            let noVersion = try await HTTP.send("POST", "\(base)/v1/wizard/dbload", token: fake.token, key: "d")
            #expect(noVersion.status == 422)
            let noKey = try await HTTP.send("POST", "\(base)/v1/wizard/dbload", token: fake.token,
                                            body: #"{"version":"24.4.4"}"#)
            #expect(noKey.status == 400)
            #expect(fake.read("wizard-calls").isEmpty, "no refusal ran the command")
        }
    }

    @Test("a node without wizard: sends no wizardSteps (an older client sees the same JSON) and answers 404")
    func noWizardSection() async throws {
        let fake = try FakeNode()
        try await Self.withAgent(fake, wizard: "") { base in
            let reply = try await HTTP.send("GET", "\(base)\(ContractPath.node)", token: fake.token)
            #expect(!reply.text.contains("wizardSteps"))
            #expect(try reply.json(NodeState.self).wizardSteps.isEmpty)
            let refused = try await HTTP.send("POST", "\(base)/v1/wizard/switch", token: fake.token, key: "k")
            #expect(refused.status == 404 && refused.text.contains("this node performs no wizard step"))
        }
    }
}
