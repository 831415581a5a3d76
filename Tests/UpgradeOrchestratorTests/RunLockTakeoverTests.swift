import Foundation
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// The run lock is held on the journal: a second run is refused whatever files are deleted beside it, and the lock
/// of a run that died is taken over, naming it.
@Suite("run lock on the journal", .serialized)
struct RunLockTakeoverTests {
    @Test func lockOfADeadRunIsTakenOverNamingIt() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let state = Fixtures.tempDirectory()
        let path = UpgradeRun<ContinuousClock>.journalPath(stateDirectory: state, system: plan.system)
        try JournalChain.text([JournalRecord(
            event: .runStarted, time: "2026-01-01T00:00:00.000Z", planHash: PlanIdentity.hash(plan),
            system: plan.system, reason: "apply", generation: 1, pid: 999_999, host: "gone")])
            .write(to: URL(fileURLWithPath: path))
        let log = EventLog()
        var options = RunOptions(
            timeScale: 10_000, pollInterval: .milliseconds(1), stepTimeout: .seconds(40_000),
            retryDelay: .milliseconds(10))
        options.stateDirectory = state
        options.approveAll = true
        let result = try await UpgradeRun(
            plan: plan, client: FakeNodeClient(topology: plan.topology), options: options, clock: ContinuousClock(),
            emit: { await log.append($0) }
        ).execute(.resume)
        // The run goes on under the taken-over lock, up to the first wizard step (the operator's DB load).
        #expect(result == .paused(["zdu.dbload"]))
        #expect(log.all.contains(.warning(
            "took over the lock of \(path) from pid 999999 on gone, apply started 2026-01-01T00:00:00.000Z: that run "
                + "ended without finishing (its process no longer holds the lock)")))
    }

    @Test func filesDeletedUnderARunningApplyDoNotAdmitASecondRun() async throws {
        let run = try await CLIRun.start("plans/seed-phase2.yaml")
        try await run.farm.perform(.dbLoad(version: "24.4.4"))  // done ahead, so the first run changes the farm
        let first = try run.launch(run.arguments("apply", ["--approve-all"]))
        try await run.waitForJournal(while: first.0) { $0.contains { $0.event == .stepSucceeded } }
        #expect(first.0.isRunning, "the first apply is still running")
        // Held while the second run tries: at ×1000 the first could otherwise reach the switch and let go first.
        kill(first.0.processIdentifier, SIGSTOP)
        for name in try FileManager.default.contentsOfDirectory(atPath: run.state)
        where !name.hasSuffix(".journal.jsonl") && name != "endpoints.json" {
            try FileManager.default.removeItem(atPath: run.state + "/" + name)  // e.g. a former version's .lock
        }
        let second = try await run.run(run.arguments("apply", ["--approve-all"]))
        kill(first.0.processIdentifier, SIGCONT)
        let firstResult = await CLIRun.finish(first)
        await run.farm.stop()
        #expect(second.status == 1)
        #expect(second.stderr.contains("another run holds \(run.journalPath) (pid \(first.0.processIdentifier) on "))
        #expect(firstResult.status == 75, "the first run goes on to the switch: \(firstResult.stderr)")
        #expect(try run.records().filter { $0.event == .runStarted }.count == 1)
    }
}
