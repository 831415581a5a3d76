import FarmSimulator
import Foundation
import StatePostgres
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// The PostgreSQL state backend against a real PostgreSQL (a throwaway cluster per test) and the real `aeupgrade`
/// binary driving a simulated farm: kill -9 and resume from another process and directory, two applies at once, a
/// frozen holder taken over, the database restarted mid-run, two states against one farm, the schema version.
@Suite("PostgreSQL state", .serialized)
final class PostgresStateTests {
    let cluster: PostgresCluster

    init() throws {
        cluster = try PostgresCluster()
    }

    deinit {
        cluster.stop()
    }

    /// The PostgreSQL backend of the test's database.
    var backend: PostgresStateBackend {
        get throws { PostgresStateBackend(url: try PostgresStateURL(cluster.url, environment: [:])) }
    }

    /// The journal in the database now.
    func records(_ system: String) async throws -> [JournalRecord] {
        try await backend.read(system: system).records
    }

    /// `command` against `run`'s farm with the state in the test's database, plus `extra`.
    func arguments(_ run: CLIRun, _ command: String, _ extra: [String] = []) -> [String] {
        run.arguments(command, ["--state", cluster.url, "--approve-all"] + extra)
    }

    /// Starts the binary in `directory` (another working directory: nothing local is shared).
    func launch(_ arguments: [String], in directory: String? = nil) throws -> (Process, stdout: String, stderr: Pipe) {
        let process = Process()
        process.executableURL = ChildProcess.binary
        process.arguments = arguments
        if let directory {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
        }
        let out = Fixtures.tempDirectory() + ".out"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: out)
        let err = Pipe()
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    /// Polls the database's journal until `condition` holds or `process` ends (bounded by the process).
    func waitForRecords(
        _ system: String, while process: Process, _ condition: ([JournalRecord]) -> Bool
    ) async throws {
        while process.isRunning {
            if let records = try? await records(system), condition(records) { return }
            try await Task.sleep(for: .milliseconds(5))  // polling the database, not timing
        }
    }

    /// Runs `resume` (in `directory`) and performs each wizard step it stops at, as the operator would, to its end.
    func resumeThroughWizard(
        _ run: CLIRun, in directory: String, _ extra: [String] = []
    ) async throws -> CLIRun.Outcome {
        let plan = try Fixtures.plan(run.topologyPath)
        var outcome = await CLIRun.finish(try launch(arguments(run, "resume", extra), in: directory))
        for _ in 0..<5 {
            let paused = try await records(run.topology.system).last { $0.event == .paused }
            guard outcome.status == 75, let id = paused?.step, paused?.reason?.hasPrefix("wizard: ") == true,
                let step = WizardOperator.step(id, plan: plan)
            else { break }
            try await run.farm.perform(step)
            outcome = await CLIRun.finish(try launch(arguments(run, "resume", extra), in: directory))
        }
        return outcome
    }

    @Test func killedApplyIsResumedFromAnotherProcessAndDirectoryWithoutDuplicatesOrLostRecords() async throws {
        let run = try await CLIRun.start("plans/seed-phase2.yaml")
        try await run.farm.perform(.dbLoad(version: run.topology.versions.target))
        let system = run.topology.system
        let apply = try launch(arguments(run, "apply"), in: Fixtures.tempDirectory())
        try await waitForRecords(system, while: apply.0) { $0.count >= 12 }
        #expect(apply.0.isRunning, "apply finished before its 12th record")
        kill(apply.0.processIdentifier, SIGKILL)
        _ = await CLIRun.finish(apply)
        let beforeResume = try await records(system)

        let outcome = try await resumeThroughWizard(run, in: Fixtures.tempDirectory())
        let report = await run.farm.report()
        await run.farm.stop()
        #expect(outcome.status == 0, "resume failed: \(outcome.stderr)")
        let after = try await records(system)
        #expect(Array(after.prefix(beforeResume.count)) == beforeResume, "0 lost records: the killed run's are kept")
        #expect(after.last?.outcome == "done")
        expectUpgraded(report)
        expectZeroDowntime(report)
    }

    @Test func secondApplyIsRefusedNamingTheHolder() async throws {
        let run = try await CLIRun.start("plans/seed-phase2.yaml")
        try await run.farm.perform(.dbLoad(version: run.topology.versions.target))
        let first = try launch(arguments(run, "apply"))
        try await waitForRecords(run.topology.system, while: first.0) { $0.contains { $0.event == .stepSucceeded } }
        // Held mid-run (well inside its 60 s lease), so the second apply meets a running holder however fast the
        // simulated farm lets the first one go on.
        kill(first.0.processIdentifier, SIGSTOP)
        let second = await CLIRun.finish(try launch(arguments(run, "apply"), in: Fixtures.tempDirectory()))
        kill(first.0.processIdentifier, SIGCONT)
        let firstResult = await CLIRun.finish(first)
        await run.farm.stop()
        #expect(second.status == 1)
        #expect(second.stderr.contains("another run holds"), "\(second.stderr)")
        #expect(second.stderr.contains("pid \(first.0.processIdentifier) on "), "\(second.stderr)")
        #expect(firstResult.status == 75, "the first run goes on to the switch: \(firstResult.stderr)")
        #expect(try await records(run.topology.system).filter { $0.event == .runStarted }.count == 1)
    }

    @Test func frozenHolderIsTakenOverAfterTheLeaseAndItsLaterWriteIsRefused() async throws {
        let run = try await CLIRun.start("plans/seed-phase2.yaml")
        try await run.farm.perform(.dbLoad(version: run.topology.versions.target))
        let system = run.topology.system
        let first = try launch(arguments(run, "apply", ["--lease-timeout", "1"]))
        try await waitForRecords(system, while: first.0) { $0.contains { $0.event == .stepSucceeded } }
        kill(first.0.processIdentifier, SIGSTOP)
        // Observe the lease running out (the heartbeat's age in the database), not a sleep.
        while try cluster.sql("SELECT now() - heartbeat > interval '1.2 seconds' FROM aeupgrade_lease") != "t" {
            try await Task.sleep(for: .milliseconds(50))
        }
        let takeover = try launch(arguments(run, "resume", ["--lease-timeout", "1"]), in: Fixtures.tempDirectory())
        try await waitForRecords(system, while: takeover.0) { $0.filter { $0.event == .runStarted }.count == 2 }
        kill(first.0.processIdentifier, SIGCONT)
        let frozen = await CLIRun.finish(first)
        let second = await CLIRun.finish(takeover)
        await run.farm.stop()
        #expect(second.stdout.contains("took over the lease"), "\(second.stdout)")
        #expect(second.stdout.contains("pid \(first.0.processIdentifier) on "), "the takeover names the old holder")
        #expect(second.status == 75, "the new holder goes on to the switch: \(second.stderr)")
        #expect(frozen.status == 5, "the frozen holder stops at its next write: \(frozen.status)")
        #expect(frozen.stderr.contains("this run lost its lease and may not write any more: the lease is held by "
            + "epoch 2: pid \(takeover.0.processIdentifier) on "), "\(frozen.stderr)")
        let epochs = try cluster.sql("""
            SELECT count(*) FROM aeupgrade_journal j WHERE j.epoch < (SELECT epoch FROM aeupgrade_lease)
              AND j.written > (SELECT min(written) FROM aeupgrade_journal WHERE epoch = (SELECT epoch FROM aeupgrade_lease))
            """)
        #expect(epochs == "0", "no record of the old holder after the takeover")
    }

    @Test func databaseRestartedMidRunThenResumeFinishes() async throws {
        let run = try await CLIRun.start("plans/seed-phase2.yaml")
        try await run.farm.perform(.dbLoad(version: run.topology.versions.target))
        let system = run.topology.system
        let apply = try launch(arguments(run, "apply"))
        try await waitForRecords(system, while: apply.0) { $0.count >= 8 }
        try cluster.restart()
        let first = await CLIRun.finish(apply)
        #expect([5, 75].contains(first.status),
            "halts at a safe point (5) or rides it out to the switch (75): \(first.status) \(first.stderr)")
        let outcome = try await resumeThroughWizard(run, in: Fixtures.tempDirectory())
        let report = await run.farm.report()
        await run.farm.stop()
        #expect(outcome.status == 0, "resume failed: \(outcome.stderr)")
        expectUpgraded(report)
        expectZeroDowntime(report)
    }

    @Test func aSecondStateIsRefusedByTheFarmBeforeAnyChange() async throws {
        let run = try await CLIRun.start("plans/seed-phase1.yaml")
        // The PostgreSQL run claims the farm and stops at the operator's DB load (exit 75): unfinished.
        let first = await CLIRun.finish(try launch(arguments(run, "apply")))
        #expect(first.status == 75, "\(first.stderr)")
        let before = await run.farm.report().effects
        // A second orchestrator on its own state directory (the file backend) is refused by the nodes.
        let second = try await run.run(run.arguments("apply", ["--approve-all"]))
        let after = await run.farm.report().effects
        await run.farm.stop()
        #expect(second.status == 1, "\(second.stderr)")
        #expect(second.stderr.contains("refused this run's fencing token, nothing was changed"), "\(second.stderr)")
        #expect(second.stderr.contains("driven by another state's run"), "\(second.stderr)")
        #expect(after == before, "the farm did not change")
        #expect(try run.records().isEmpty, "the refused run journaled nothing")
    }

    @Test func newerSchemaIsRefusedWithAClearMessage() async throws {
        let run = try await CLIRun.start("plans/seed-phase1.yaml")
        let initialized = try await run.run(["state", "init", cluster.url])
        #expect(initialized.status == 0, "\(initialized.stderr)")
        #expect(initialized.stdout.contains("state schema version \(PostgresSchema.version)"))
        try cluster.sql("UPDATE aeupgrade_meta SET value = '99' WHERE key = 'schema_version'")
        let status = try await run.run(run.arguments("status", ["--state", cluster.url]))
        await run.farm.stop()
        #expect(status.status == 1)
        #expect(status.stderr.contains("schema version 99, newer than this aeupgrade knows (1)"), "\(status.stderr)")
    }

    @Test func fileJournalPushedToPostgresIsResumedFromThereAndPulledBack() async throws {
        let run = try await CLIRun.start("plans/seed-phase1.yaml")
        let first = try await run.run(run.arguments("apply", ["--approve-all"]))
        #expect(first.status == 75, "paused at the DB load: \(first.stderr)")
        let local = try run.records()
        let pushed = try await run.run(["state", "push", run.topologyPath, "--from", run.state, "--to", cluster.url])
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(try await records(run.topology.system) == local)
        #expect(!FileManager.default.fileExists(atPath: run.journalPath), "the directory's journal is set aside")
        // The directory can no longer drive the farm: its next run is another state's.
        let stale = try await run.run(run.arguments("apply", ["--approve-all"]))
        #expect(stale.status == 1, "\(stale.stderr)")
        // The database continues the pushed run (the nodes accept it: the same lineage, a higher epoch).
        try await run.farm.perform(.dbLoad(version: run.topology.versions.target))
        let status = try await run.run(arguments(run, "status"))
        #expect(status.stdout.contains("journal: \(cluster.url) (system \(run.topology.system))"), "\(status.stdout)")
        let resumed = try await run.run(arguments(run, "resume"))
        #expect(resumed.status == 75, "goes on to the switch: \(resumed.stderr)")
        let pulled = try await run.run(["state", "pull", run.topologyPath, "--from", cluster.url, "--to",
            run.state + "/pulled"])
        await run.farm.stop()
        #expect(pulled.status == 0, "\(pulled.stderr)")
        let back = try Journal.read(path: FileStateBackend.journalPath(directory: run.state + "/pulled",
            system: run.topology.system)).records
        #expect(back.count > local.count && Array(back.prefix(local.count)) == local)
        #expect(try await records(run.topology.system).isEmpty, "the database's journal is archived")
    }
}
