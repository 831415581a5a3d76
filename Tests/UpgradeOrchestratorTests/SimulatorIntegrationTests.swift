import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// The orchestrator over libcurl against the simulated farm on loopback; the wizard steps are performed through
/// the simulator (as the operator would in the AWI). Every apply asserts zero downtime from the farm's report.
@Suite("Apply against the simulator", .serialized)
struct SimulatorIntegrationTests {
    /// Applies, performing each wizard step the run stops at, until the run ends otherwise.
    func drive(
        _ harness: SimulatorHarness, _ first: RunMode = .apply, state: String, log: EventLog = EventLog()
    ) async throws -> (result: RunResult, performed: [String]) {
        try await WizardOperator.drive(harness.plan, first: first, run: { mode in
            try await harness.run(mode, state: state, log: log)
        }, perform: { try await harness.farm.perform($0) })
    }

    @Test(arguments: ["seed-phase1", "seed-phase2", "three-dc"])
    func fullUpgradeStopsAtEachWizardStepAndEndsWithZeroDowntime(_ name: String) async throws {
        let harness = try await SimulatorHarness.start(try Fixtures.plan(name))
        let (result, performed) = try await drive(harness, state: Fixtures.tempDirectory())
        let report = await harness.farm.report()
        await harness.farm.stop()
        #expect(result == .done)
        #expect(performed == ["zdu.dbload", "zdu.switch", "zdu.finalize"])
        expectUpgraded(report)
        expectZeroDowntime(report)
        #expect(report.effects.applied > 0)
    }

    @Test func tokenIsSentAndAMissingTokenIsRefusedBeforeAnyChange() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let wrong = try await SimulatorHarness.start(plan, token: "s3cret", clientToken: "wrong")
        do {
            _ = try await wrong.run(state: Fixtures.tempDirectory())
            Issue.record("a wrong token was accepted")
        } catch {
            #expect(error.description.contains("HTTP 401"))
            #expect(!error.description.contains("wrong"))
        }
        #expect(await wrong.farm.report().effects.applied == 0)
        await wrong.farm.stop()
        let right = try await SimulatorHarness.start(plan, token: "s3cret")
        let (result, _) = try await drive(right, state: Fixtures.tempDirectory())
        let report = await right.farm.report()
        await right.farm.stop()
        #expect(result == .done)
        expectZeroDowntime(report)
    }

    /// Bursts of 5xx on the steps' requests are retried through. No soak here: a soak fails closed when it cannot
    /// read a node for all attempts of a read, which with a 30% error rate over a whole soak is only a question of
    /// time (and is right: health it cannot see is not fine).
    @Test func burstsOf5xxAreSurvivedByRetries() async throws {
        let plan = try Fixtures.plan("seed-phase1") { $0.policy.gateBetweenDCs = .none }
        let harness = try await SimulatorHarness.start(plan, seed: 7)
        for node in ["AE_1A", "AE_1B"] { try await harness.farm.inject(Fault(kind: .errors, node: node, rate: 0.3)) }
        let (result, _) = try await drive(harness, state: Fixtures.tempDirectory())
        let report = await harness.farm.report()
        await harness.farm.stop()
        #expect(result == .done)
        expectUpgraded(report)
        expectZeroDowntime(report)
    }

    /// AE_1B's endpoint goes down when its target start starts (after the DB load, performed ahead); it comes
    /// back when the rollback starts.
    func nodeDownMidStep(
        onFailure: FailureAction, state: String
    ) async throws -> (RunResult, AvailabilityReport, SimulatorHarness) {
        let plan = try Fixtures.plan("seed-phase1") { $0.policy.onFailure = onFailure }
        let harness = try await SimulatorHarness.start(plan)
        try await harness.farm.perform(.dbLoad(version: plan.topology.versions.target))
        let result = try await harness.runWithNodeDown("AE_1B", from: "DC2/AE_1B/target.start", state: state)
        return (result, await harness.farm.report(), harness)
    }

    @Test func nodeDownMidStepFallsBackToTheBaseProcessesWithZeroDowntime() async throws {
        let (result, report, harness) = try await nodeDownMidStep(onFailure: .rollback, state: Fixtures.tempDirectory())
        await harness.farm.stop()
        guard case .rolledBack(let step, _) = result else { Issue.record("got \(result)"); return }
        #expect(step.hasPrefix("DC2/AE_1B/"))
        #expect(report.zdu.phase == .compatibility, "ZDU stays on after a fallback (AE-ZDU-7)")
        let ae1b = try #require(report.nodes.first { $0.name == "AE_1B" })
        #expect(ae1b.baseRunning == 0 && ae1b.targetRunning == 0, "base processes never restart (AE-ZDU-6)")
        #expect(report.nodes.first { $0.name == "AE_1A" }?.baseRunning == ae1b.processes)
        expectZeroDowntime(report)
    }

    @Test func nodeDownMidStepHaltsPerPolicyAndResumeFinishes() async throws {
        let state = Fixtures.tempDirectory()
        let (result, halted, harness) = try await nodeDownMidStep(onFailure: .halt, state: state)
        guard case .halted(let step, _) = result else { Issue.record("got \(result)"); return }
        #expect(step.hasPrefix("DC2/AE_1B/"))
        #expect(halted.zdu.phase == .compatibility)
        try await harness.farm.clearFaults()
        let (resumed, _) = try await drive(harness, .resume, state: state)
        let report = await harness.farm.report()
        await harness.farm.stop()
        #expect(resumed == .done)
        expectUpgraded(report)
        expectZeroDowntime(report)
    }

    @Test func aFailureAfterTheSwitchEndsInTheWizardsRollbackWithZeroDowntime() async throws {
        let plan = try Fixtures.plan("seed-phase2")
        let harness = try await SimulatorHarness.start(plan)
        let state = Fixtures.tempDirectory()
        let target = plan.topology.versions.target
        try await harness.farm.perform(.dbLoad(version: target))
        #expect(try await harness.run(state: state) == .paused(["zdu.switch"]))
        try await harness.farm.perform(.switchOver)
        let (result, performed) = try await drive(harness, .resume, state: state, log: EventLog { event in
            if case .stepStarted("DC2/AE_2B/target.start", 1, .forward) = event {
                try? await harness.farm.inject(Fault(kind: .nodeDown, node: "AE_2B"))
            }
        })
        let report = await harness.farm.report()
        await harness.farm.stop()
        guard case .rolledBack(let step, _) = result else { Issue.record("got \(result)"); return }
        #expect(step.hasPrefix("DC2/AE_2B/"))
        #expect(performed == ["rollback/system/zdu.rollback"])
        #expect(report.zdu.phase == .compatibility && report.zdu.rolledBack == true)
        expectZeroDowntime(report)
    }
}
