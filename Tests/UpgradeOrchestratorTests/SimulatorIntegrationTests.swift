import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// The orchestrator over libcurl against the simulated farm on loopback.
@Suite("Apply against the simulator", .serialized)
struct SimulatorIntegrationTests {
    func expectUpgraded(_ report: AvailabilityReport, target: String = "24.4.1") {
        #expect(report.nodes.allSatisfy { $0.installedVersion == target && $0.processesRunning == $0.processes })
        #expect(report.netAreas.allSatisfy { $0.home == $0.agents })
        #expect(report.zdu.phase == .finalized)
        #expect(report.jobs.lost == 0)
        #expect(report.effects.duplicates == 0)
        #expect(report.effects.applied > 0)
    }

    @Test(arguments: ["seed-phase1", "seed-phase2", "three-dc"])
    func fullUpgrade(_ name: String) async throws {
        let harness = try await SimulatorHarness.start(try Fixtures.plan(name))
        let result = try await harness.run(state: Fixtures.tempDirectory())
        let report = await harness.farm.report()
        await harness.farm.stop()
        #expect(result == .done)
        expectUpgraded(report)
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
        #expect(try await right.run(state: Fixtures.tempDirectory()) == .done)
        await right.farm.stop()
    }

    @Test func burstsOf5xxAreSurvivedByRetries() async throws {
        let harness = try await SimulatorHarness.start(try Fixtures.plan("seed-phase1"), seed: 7)
        for node in ["AE_1A", "AE_1B"] { try await harness.farm.inject(Fault(kind: .errors, node: node, rate: 0.3)) }
        let result = try await harness.run(state: Fixtures.tempDirectory())
        let report = await harness.farm.report()
        await harness.farm.stop()
        #expect(result == .done)
        expectUpgraded(report)
    }

    /// AE_1B's endpoint goes down when its install starts; it comes back when the rollback starts.
    func nodeDownMidStep(
        onFailure: FailureAction, state: String
    ) async throws -> (RunResult, AvailabilityReport, SimulatorHarness) {
        let plan = try Fixtures.plan("seed-phase1") { $0.policy.onFailure = onFailure }
        let harness = try await SimulatorHarness.start(plan)
        let result = try await harness.runWithNodeDown("AE_1B", from: "DC2/AE_1B/binaries.install", state: state)
        return (result, await harness.farm.report(), harness)
    }

    @Test func nodeDownMidStepIsRolledBack() async throws {
        let (result, report, harness) = try await nodeDownMidStep(onFailure: .rollback, state: Fixtures.tempDirectory())
        await harness.farm.stop()
        guard case .rolledBack(let step, _) = result else { Issue.record("got \(result)"); return }
        #expect(step.hasPrefix("DC2/AE_1B/"))
        #expect(report.nodes.allSatisfy { $0.installedVersion == "21.0.5" && $0.processesRunning == $0.processes })
        #expect(report.zdu.phase == .off)
        #expect(report.netAreas.allSatisfy { $0.home == $0.agents })
        #expect(report.jobs.lost == 0)
        #expect(report.effects.duplicates == 0)
    }

    @Test func nodeDownMidStepHaltsPerPolicyAndResumeFinishes() async throws {
        let state = Fixtures.tempDirectory()
        let (result, halted, harness) = try await nodeDownMidStep(onFailure: .halt, state: state)
        guard case .halted(let step, _) = result else { Issue.record("got \(result)"); return }
        #expect(step.hasPrefix("DC2/AE_1B/"))
        #expect(halted.zdu.phase == .compatibility)
        try await harness.farm.clearFaults()
        let resumed = try await harness.run(.resume, state: state)
        let report = await harness.farm.report()
        await harness.farm.stop()
        #expect(resumed == .done)
        expectUpgraded(report)
    }
}
