import FarmSimulator
import Foundation
import NodeContract
import Synchronization
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// `policy.onCrashedTargetProcess: restart` end to end, over libcurl against the simulated farm on loopback: a
/// target CP crashes while the soak before finalize runs (after the switch: it serves agents); the run restarts it
/// once and finishes, and the farm's availability report shows no second without a PWP or a serving CP/JCP and no
/// lost job. (A crashed WP loses its jobs, as in AE, whatever restarts it afterwards.)
@Suite("Restart a crashed target process against the simulator", .serialized)
struct CrashRestartSimulatorTests {
    @Test func aTargetCPCrashedDuringASoakIsRestartedOnceWithZeroDowntime() async throws {
        let plan = try Fixtures.plan("seed-phase1") { $0.policy.onCrashedTargetProcess = .restart }
        let gate = try #require(plan.steps.first { $0.kind == .gate && $0.gate != Gate.none })
        let harness = try await SimulatorHarness.start(plan)
        let injected = Mutex(false)
        let log = EventLog { event in
            guard case .soaking(gate.id) = event, !injected.withLock({ $0 }) else { return }
            injected.withLock { $0 = true }
            try? await harness.farm.inject(Fault(kind: .crash, process: "AE_1B/CP1@24.4.4"))
        }
        let state = Fixtures.tempDirectory()
        let (result, performed) = try await WizardOperator.drive(harness.plan, run: { mode in
            try await harness.run(mode, state: state, log: log)
        }, perform: { try await harness.farm.perform($0) })
        let report = await harness.farm.report()
        await harness.farm.stop()
        #expect(injected.withLock { $0 })
        #expect(result == .done, "\(log.lines.suffix(4))")
        #expect(performed == ["zdu.dbload", "zdu.switch", "zdu.finalize"])
        let restarts = log.all.compactMap { if case .processRestarted(let restart) = $0 { restart } else { nil } }
        #expect(restarts.map(\.process) == ["AE_1B/CP1@24.4.4"], "restarted once: \(log.lines.filter { $0.hasPrefix("RESTART") })")
        expectUpgraded(report)
        expectZeroDowntime(report)
    }
}
