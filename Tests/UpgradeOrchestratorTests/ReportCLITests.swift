import FarmSimulator
import Foundation
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// `aeupgrade report` run as the built binary: stdout, the HTML file, exit codes, errors naming the file or URL.
@Suite("Report CLI", .serialized)
struct ReportCLITests {
    typealias Run = CapturedRun

    /// Runs the aeupgrade binary to its end.
    func aeupgrade(_ arguments: [String]) async throws -> Run {
        try await ChildProcess.capture(arguments)
    }

    /// A state directory holding `records` as the PROD journal.
    func stateDirectory(_ records: [JournalRecord]) throws -> String {
        let state = Fixtures.tempDirectory()
        let journal = try Journal(path: UpgradeRun<ContinuousClock>.journalPath(stateDirectory: state, system: "PROD"))
        for record in records { try journal.append(record) }
        return state
    }

    var seed: String { Fixtures.root.appendingPathComponent("plans/seed-phase1.yaml").path }

    @Test func printsTheSummaryAndWritesThePage() async throws {
        let state = try stateDirectory(ReportJournals.failedThenRolledBack)
        let html = state + "/night.html"
        let run = try await aeupgrade(["report", seed, "--state-dir", state, "--html", html])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("PROD upgrade report: last run rolledBack, 1 run"))
        #expect(run.stdout.contains("DC2/AE_1B/target.start attempt 3: AE_1B unreachable"))
        #expect(run.stdout.contains("rollback after DC2/AE_1B/target.start"))
        #expect(run.stdout.contains("html report: \(html)"))
        #expect(run.stderr.contains("was written for plan abc123, not for \(seed)"))  // the journal's made-up hash
        let page = String(decoding: FileManager.default.contents(atPath: html) ?? Data(), as: UTF8.self)
        #expect(ReportHTMLTests.rowNodes(page) == ["system", "AE_1A", "AE_1B"])
    }

    @Test func missingJournalAndBadAvailabilityFileAreNamed() async throws {
        let empty = Fixtures.tempDirectory()
        let missing = try await aeupgrade(["report", seed, "--state-dir", empty])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("\(empty)/PROD.journal.jsonl: no journal here"))

        let state = try stateDirectory(ReportJournals.pausedAtGate)
        let bad = state + "/availability.json"
        try Data("{\"jobs\": 3}".utf8).write(to: URL(fileURLWithPath: bad))
        let badRun = try await aeupgrade(["report", seed, "--state-dir", state, "--availability", bad])
        #expect(badRun.status == 1)
        #expect(badRun.stderr.contains("error: \(bad): cannot read the availability report"))

        let absent = try await aeupgrade(["report", seed, "--state-dir", state, "--availability", state + "/nope.json"])
        #expect(absent.status == 1)
        #expect(absent.stderr.contains("\(state)/nope.json"))

        let both = try await aeupgrade(["report", seed, "--state-dir", state, "--availability", bad,
            "--admin", "http://127.0.0.1:1"])
        #expect(both.status == 64)

        let unwritable = try await aeupgrade(
            ["report", seed, "--state-dir", state, "--html", state + "/no/such/dir/r.html"])
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr.contains("\(state)/no/such/dir/r.html: cannot write the HTML report"))
    }

    @Test func theEndpointsFilesScaleLabelsDurationsAndAConflictingFlagIsRefused() async throws {
        let state = try stateDirectory(ReportJournals.failedThenRolledBack)
        let endpoints = state + "/farm.json"
        try JSONEncoder().encode(FarmEndpoints(nodes: [:], admin: "http://127.0.0.1:1", timeScale: 40))
            .write(to: URL(fileURLWithPath: endpoints))
        let start = ReportJournals.start
        let run = try await aeupgrade(["report", seed, "--state-dir", state, "--endpoints", endpoints])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.contains("time scale ×40") }.count == 1)
        #expect(lines.contains("  from \(Journal.timestamp(start)) to "
            + "\(Journal.timestamp(start.addingTimeInterval(78))): 1m18s wall clock, 0s of it between runs"))
        #expect(lines.contains { $0.hasPrefix("  binaries.stage ") && $0.contains("13m20s sim") })

        let same = try await aeupgrade(["report", seed, "--state-dir", state, "--endpoints", endpoints,
            "--time-scale", "40"])
        #expect(same.status == 0, "stderr: \(same.stderr)")
        let refused = try await aeupgrade(["report", seed, "--state-dir", state, "--endpoints", endpoints,
            "--time-scale", "100"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--time-scale 100 contradicts \(endpoints), whose simulator runs at "
            + "--time-scale 40"))

        let flagOnly = try await aeupgrade(["report", seed, "--state-dir", state, "--time-scale", "40"])
        #expect(flagOnly.stdout == run.stdout, "--time-scale without the file: the same report")
        let unscaled = try await aeupgrade(["report", seed, "--state-dir", state])
        #expect(!unscaled.stdout.contains(" sim"))
    }

    @Test func adminURLIsFetchedFromTheSimulator() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let farm = try await SimulatedFarm.start(
            topology: plan.topology, options: SimulationOptions(clock: .scaled(SimulatorHarness.scale)))
        let admin = farm.endpoints.admin
        let state = try stateDirectory(ReportJournals.pausedAtGate)
        let run = try await aeupgrade(["report", seed, "--state-dir", state, "--admin", admin])
        await farm.stop()
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("availability (simulator, "))
        #expect(run.stdout.contains("NA_DC1: "))
        #expect(run.stdout.contains("0 lost"))

        let down = try await aeupgrade(["report", seed, "--state-dir", state, "--admin", "http://127.0.0.1:1"])
        #expect(down.status == 1)
        #expect(down.stderr.contains("http://127.0.0.1:1/report: cannot read the availability report"))
    }
}
