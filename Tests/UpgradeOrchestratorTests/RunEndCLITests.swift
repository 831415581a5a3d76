import Foundation
import Testing
import UpgradeOrchestrator

/// Exit codes at the edges of a run, on real runs of the binary against the simulator: a journal write failure
/// mid-run (a file size limit) exits 5 naming the file and the cause; a kill before the first record leaves a journal
/// that resume refuses ("nothing started") and apply starts over; resume of a finished run exits 0.
@Suite("exit codes at the edges of a run", .serialized)
struct RunEndCLITests {
    /// Runs `aeupgrade` under `ulimit -f blocks` (1 KiB blocks) in a child shell; stdout to /dev/null (a device,
    /// not limited), stderr captured.
    func underFileSizeLimit(_ blocks: Int, _ arguments: [String]) async throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "ulimit -f \(blocks) && exec \"$0\" \"$@\"", ChildProcess.binary.path] + arguments
        process.standardOutput = FileHandle.nullDevice
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        return await ChildProcess(process: process, stderr: stderr).wait()
    }

    @Test func journalWriteFailureAfterChangesExits5NamingTheFileAndTheCause() async throws {
        let run = try await CLIRun.start("plans/seed-phase2.yaml")
        // The DB load done ahead (as an operator may), so the run changes the farm before the journal fills up.
        try await run.farm.perform(.dbLoad(version: "24.4.4"))
        let result = try await underFileSizeLimit(5, run.arguments("apply", ["--approve-all"]))
        await run.farm.stop()
        let records = try run.records()
        #expect(records.contains { $0.event == .stepSucceeded }, "the farm changed before the write failed")
        #expect(!records.contains { $0.event == .runFinished })
        #expect(result.status == 5, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("cannot write the journal: \(run.journalPath): cannot write record (File too large)"))
        #expect(result.stderr.contains("then run resume"))
    }

    @Test func killBeforeTheFirstRecordThenResumeRefusesApplyStartsOverAndResumeOfTheFinishedRunExits0() async throws {
        let run = try await CLIRun.start("plans/seed-phase2.yaml")
        try Data(#"{"seq":1,"prev":"#.utf8).write(to: URL(fileURLWithPath: run.journalPath))  // torn first record

        let early = try await run.run(run.arguments("resume", ["--approve-all"]))
        #expect(early.status == 1)
        #expect(early.stderr.contains("nothing started: \(run.journalPath) holds no run record; run apply"))
        #expect(early.stdout.contains("\(run.journalPath):1: torn last record ignored"))

        // Apply starts over cleanly (the torn line cut); the operator performs the wizard steps it stops at.
        let (runs, performed) = try await run.runThroughWizard("apply", ["--approve-all"])
        #expect(runs.last?.status == 0, "stderr: \(runs.last?.stderr ?? "")")
        #expect(performed == ["zdu.dbload", "zdu.switch", "zdu.finalize"])
        #expect(try run.records().first?.event == .runStarted)
        #expect(try run.records().first?.reason == "apply")

        let again = try await run.run(run.arguments("resume", ["--approve-all"]))
        await run.farm.stop()
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(again.stdout.contains("already done according to \(run.journalPath)"))
    }
}
