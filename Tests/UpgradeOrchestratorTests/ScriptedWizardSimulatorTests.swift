import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// The whole path over libcurl against the served simulator: a topology node that declares scripted wizard steps
/// (`simulatedWizard`) performs them through `POST /v1/wizard/{step}`, and the run needs no operator.
@Suite("Scripted wizard steps against the simulator", .serialized)
struct ScriptedWizardSimulatorTests {
    @Test func aRunWhoseWizardStepsANodePerformsGoesOnWithoutStoppingAndWithZeroDowntime() async throws {
        let plan = try Fixtures.plan("seed-phase2") { topology in
            let index = topology.nodes.firstIndex { $0.name == "AE_2B" }!
            topology.nodes[index].simulatedWizard = ["dbload", "switch", "finalize"]
        }
        let harness = try await SimulatorHarness.start(plan)
        let log = EventLog()
        let result = try await harness.run(state: Fixtures.tempDirectory(), log: log)
        let report = await harness.farm.report()
        await harness.farm.stop()
        #expect(result == .done, "\(log.lines.suffix(5))")
        expectUpgraded(report)
        expectZeroDowntime(report)
        let scripted = log.all.compactMap { event -> String? in
            guard case .wizardStepScripted(let step, let node, _) = event else { return nil }
            return "\(step) \(node)"
        }
        #expect(scripted == ["zdu.dbload AE_2B", "zdu.switch AE_2B", "zdu.finalize AE_2B"])
        #expect(!log.all.contains { if case .wizardStepNeeded = $0 { true } else { false } })
    }

    @Test func aStepTheNodeDoesNotDeclareStillStopsTheRunForTheOperator() async throws {
        let plan = try Fixtures.plan("seed-phase1") { $0.nodes[0].simulatedWizard = ["dbload"] }
        let harness = try await SimulatorHarness.start(plan)
        let log = EventLog()
        let result = try await harness.run(state: Fixtures.tempDirectory(), log: log)
        let zdu = await harness.farm.report().zdu
        await harness.farm.stop()
        #expect(result == .paused(["zdu.switch"]), "\(log.lines.suffix(5))")
        #expect(zdu.phase == .compatibility, "the DB load was performed by AE_1A")
    }
}
