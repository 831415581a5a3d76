import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradePlan

/// A simulated node that declares scripted wizard steps (topology `simulatedWizard`): `POST /v1/wizard/{step}`
/// performs the admin endpoint's wizard step through the operation mechanism, with the same refusals.
@Suite("simulator: scripted wizard steps")
struct FarmScriptedWizardTests {
    /// The small farm with AE_1A performing every wizard step.
    static func topology() -> Topology {
        var topology = Fixtures.small()
        topology.nodes[0].simulatedWizard = ["dbload", "switch", "finalize", "rollback"]
        return topology
    }

    @Test("the declaring node lists its steps in GET /v1/node; the others list none (off by default)")
    func listed() {
        let model = FarmModel(topology: Self.topology(), options: Fixtures.options())
        #expect(model.nodeState("AE_1A")?.wizardSteps == ["dbload", "switch", "finalize", "rollback"])
        #expect(model.nodeState("AE_1B")?.wizardSteps == [])
        #expect(Fixtures.model().nodeState("AE_1A")?.wizardSteps == [])
    }

    @Test("a scripted DB load is an operation: performed at once, replayed under its key, the effect applied once")
    func dbLoadThroughAnOperation() throws {
        var model = FarmModel(topology: Self.topology(), options: Fixtures.options())
        guard case .accepted(let operation, false) = model.submit(
            .wizard(.dbLoad(version: Fixtures.target)), on: "AE_1A", key: "h:zdu.dbload") else {
            Issue.record("refused")
            return
        }
        #expect(operation.state == .succeeded && operation.action == "wizard/dbload")
        let zdu = ZDUState(phase: .compatibility, base: Fixtures.base, target: Fixtures.target)
        #expect(model.systemState().zdu == zdu)
        #expect(model.submit(.wizard(.dbLoad(version: Fixtures.target)), on: "AE_1A", key: "h:zdu.dbload")
            == .accepted(operation, replayed: true))
        #expect(model.operations(keyPrefix: "h:", state: nil, on: "AE_1A") == [operation])
        #expect(model.report().effects.duplicates == 0)
    }

    @Test("the wizard's refusals are the admin endpoint's: the switch before compatibility, with no target WP")
    func sameRefusals() {
        var model = FarmModel(topology: Self.topology(), options: Fixtures.options())
        for (step, phase) in [(WizardStep.switchOver, "off"), (.finalize, "off"), (.rollback, "off")] {
            var admin = model
            guard case .failure(let expected) = admin.perform(step) else {
                Issue.record("the admin endpoint performed \(step) with ZDU \(phase)")
                continue
            }
            #expect(model.submit(.wizard(step), on: "AE_1A", key: "k-\(step.path)") == .rejected(expected))
            #expect(expected.status == 409)
        }
        #expect(model.systemState().zdu.phase == .off)
        _ = model.submit(.wizard(.dbLoad(version: Fixtures.target)), on: "AE_1A", key: "d")
        guard case .rejected(let noTarget) = model.submit(.wizard(.switchOver), on: "AE_1A", key: "s") else {
            Issue.record("the switch went through with no target WP running")
            return
        }
        #expect(noTarget.status == 409 && noTarget.detail?.contains("no target WP runs") == true)
        #expect(model.systemState().zdu.phase == .compatibility)
    }

    @Test("a node that does not declare the step answers 404 and changes nothing")
    func undeclared() {
        var model = FarmModel(topology: Self.topology(), options: Fixtures.options())
        guard case .rejected(let problem) = model.submit(
            .wizard(.dbLoad(version: Fixtures.target)), on: "AE_1B", key: "x") else {
            Issue.record("AE_1B performed a wizard step it does not declare")
            return
        }
        #expect(problem.status == 404 && problem.detail?.contains("AE_1B has no command") == true)
        #expect(model.systemState().zdu.phase == .off)
    }

    @Test("over HTTP: 202 with the operation, 409 in the wrong phase, 400 an unknown step, 422 no version, 404")
    func overHTTP() async throws {
        try await Fixtures.withFarm(Self.topology()) { farm in
            let client = HTTPTestClient()
            let a = farm.endpoints.nodes["AE_1A"]!, b = farm.endpoints.nodes["AE_1B"]!
            let early = try await client.post(a + ContractPath.wizard(.switch), key: "s", json: "{}")
            #expect(early.status == 409 && early.text.contains("follows compatibility mode only"))
            #expect(try await client.post(a + "/v1/wizard/upgrade", key: "u").status == 400)
            #expect(try await client.post(a + ContractPath.wizard(.dbload), key: "d").status == 422)
            #expect(try await client.post(b + ContractPath.wizard(.dbload), key: "d",
                                          json: #"{"version":"24.4.4"}"#).status == 404)
            let done = try await client.post(a + ContractPath.wizard(.dbload), key: "d", json: #"{"version":"24.4.4"}"#)
            #expect(done.status == 202)
            let operation = try done.decode(NodeContract.Operation.self)
            #expect(operation.state == .succeeded)
            let polled = try await client.get(a + ContractPath.operation(id: operation.id))
            #expect(try polled.decode(NodeContract.Operation.self) == operation)
            let system = try await client.get(b + ContractPath.system).decode(SystemState.self)
            #expect(system.zdu.phase == .compatibility && system.zdu.target == Fixtures.target)
            let node = try await client.get(a + ContractPath.node).decode(NodeState.self)
            #expect(node.wizardSteps == ["dbload", "switch", "finalize", "rollback"])
        }
    }
}
