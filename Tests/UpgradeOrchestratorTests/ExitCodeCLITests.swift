import FarmSimulator
import Foundation
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// Exit codes 4 (rolled back) and 5 (halted) on real runs of the binary against the simulator (the DB load
/// performed ahead, as an operator may before the window).
@Suite("exit codes of failed runs", .serialized)
struct ExitCodeCLITests {
    static let install = "DC2/AE_1B/target.start"

    /// Starts `arguments`, takes AE_1B down when its target start starts, and brings it back when `heal` holds.
    func failingRun(
        _ run: CLIRun, _ arguments: [String], heal: @escaping ([JournalRecord]) -> Bool
    ) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await run.farm.perform(.dbLoad(version: run.topology.versions.target))
        let launched = try run.launch(arguments)
        try await run.waitForJournal(while: launched.0) { records in
            records.contains { $0.event == .stepStarted && $0.step == Self.install }
        }
        try await run.farm.inject(Fault(kind: .nodeDown, node: "AE_1B"))
        try await run.waitForJournal(while: launched.0, heal)
        try await run.farm.clearFaults()
        return await CLIRun.finish(launched)
    }

    @Test func failedStepRolledBackExits4() async throws {
        let run = try await CLIRun.start("plans/seed-phase2.yaml")
        let result = try await failingRun(run, run.arguments("apply", ["--approve-all"])) { records in
            records.contains { $0.event == .rollbackStarted }
        }
        let report = await run.farm.report()
        await run.farm.stop()
        #expect(result.status == 4, "stderr: \(result.stderr)")
        #expect(try run.records().last?.outcome == "rolledBack")
        #expect(result.stdout.contains("no base process left on AE_1B"))
        #expect(report.zdu.phase == .compatibility)
        #expect(report.nodes.allSatisfy { $0.targetRunning == 0 })
        expectZeroDowntime(report)
    }

    @Test func failedStepHaltedExits5AndResumeFinishes() async throws {
        let topology = try CLIRun.topology("plans/seed-phase2.yaml") {
            $0.replacingOccurrences(of: "onFailure: rollback", with: "onFailure: halt")
        }
        let run = try await CLIRun.start(topology)
        let result = try await failingRun(run, run.arguments("apply", ["--approve-all"])) { records in
            records.contains { $0.event == .runFinished }
        }
        #expect(result.status == 5, "stderr: \(result.stderr)")
        #expect(try run.records().last?.outcome == "halted")
        let journal = try run.records()
        let apply = try await run.run(run.arguments("apply", ["--approve-all"]))
        #expect(apply.status == 1, "a nightly apply does not resume a halted run on its own")
        #expect(apply.stderr.contains("apply refused: \(run.journalPath) holds a run that halted (\(Self.install) failed"))
        #expect(apply.stderr.contains("apply --continue"))
        #expect(try run.records() == journal, "nothing journaled, nothing changed")
        let (resumes, _) = try await run.runThroughWizard("resume", ["--approve-all"])
        let report = await run.farm.report()
        await run.farm.stop()
        #expect(resumes.last?.status == 0, "stderr: \(resumes.map(\.stderr))")
        expectUpgraded(report)
        expectZeroDowntime(report)
    }
}
