import Foundation
import Testing
import UpgradeOrchestrator

/// The live display on a (pseudo) terminal, through util-linux `script`: redrawn in place with ANSI codes, plain
/// lines when TERM is dumb.
@Suite("live display", .serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
struct LiveDisplayCLITests {
    /// Runs `arguments` under a pseudo terminal with `TERM=term`; returns the exit status and what the terminal got.
    func onTerminal(_ run: CLIRun, _ arguments: [String], term: String) async throws -> (Int32, String) {
        let typescript = Fixtures.tempDirectory() + ".typescript"
        let command = ([ChildProcess.binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, typescript]
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = term
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        let (status, _) = await ChildProcess(process: process, stderr: stderr).wait()
        return (status, (try? String(contentsOfFile: typescript, encoding: .utf8)) ?? "")
    }

    @Test func terminalGetsALiveDisplayRedrawnInPlace() async throws {
        let run = try await CLIRun.start("plans/seed-phase2.yaml")
        try await run.farm.perform(.dbLoad(version: run.topology.versions.target))
        let (status, screen) = try await onTerminal(run, run.arguments("apply", ["--approve-all"]), term: "xterm")
        await run.farm.stop()
        #expect(status == 75, "stops at the switch: \(screen.suffix(2000))")
        #expect(screen.contains("\u{1B}[J"), "no in-place redraw")
        #expect(screen.contains("PROD  DC "))
        #expect(screen.contains("  running  DC2/AE_1B/"))
        #expect(screen.contains("  agents   NA_DC1 "))
        #expect(screen.contains("WIZARD zdu.switch: In the AWI"))
        #expect(screen.contains("  WIZARD   zdu.switch: waiting for the operator"))
        #expect(!screen.contains("\nstart DC"), "plain step lines on a terminal")
    }

    @Test func resumedDisplayCountsTheStepsTheJournalHasDone() async throws {
        let run = try await CLIRun.start("plans/seed-phase2.yaml")
        let paused = try await run.run(run.arguments("apply"))
        #expect(paused.status == 75, "stderr: \(paused.stderr)")
        let done = JournalState(records: try run.records()).done.count
        #expect(done > 0)
        try await run.farm.perform(.dbLoad(version: run.topology.versions.target))
        let total = try Fixtures.plan("seed-phase2").steps.count
        let (status, screen) = try await onTerminal(run, run.arguments("resume", ["--approve-all"]), term: "xterm")
        await run.farm.stop()
        #expect(status == 75, "stops at the switch: \(screen.suffix(2000))")
        #expect(screen.contains("steps \(done)/\(total) done"))
        #expect(!screen.contains("steps 0/\(total) done"))
    }

    @Test func dumbTerminalGetsPlainLines() async throws {
        let run = try await CLIRun.start("plans/seed-phase1.yaml")
        let (status, screen) = try await onTerminal(run, run.arguments("apply", ["--approve-all"]), term: "dumb")
        await run.farm.stop()
        #expect(status == 75, "stops at the DB load: \(screen.suffix(2000))")
        #expect(!screen.contains("\u{1B}["))
        #expect(screen.contains("start DC"))
        #expect(screen.contains("WIZARD zdu.dbload: In the AWI"))
        #expect(screen.contains("finished: paused"))
    }
}
