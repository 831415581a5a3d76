import ArgumentParser
import Foundation
import UpgradePlan

/// Measures load + plan + validate time and peak memory for farms of growing size, each size in a child process
/// so its peak memory (VmHWM) is its own. With `--resume-records` or `--curl-url` it runs one executor figure
/// instead (used by scripts/bench-apply.sh) and prints one line of numbers.

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aeupgrade-bench", abstract: "Speed and memory of loading, planning and validating large farms.")

    @Option(help: "Measure one farm of this many nodes in this process (used by the parent run).")
    var nodes: Int?

    @Option(help: "Datacenters of the one farm.")
    var datacenters: Int = 2

    @Option(help: "policy.maxNodesDownPerDC of the one farm.")
    var maxDown: Int = 2

    @Option(help: ArgumentHelp(
        "Time `resume` to reconcile-ready on a journal of this many records; prints "
            + "'resume <records> <steps> <median ms> <max ms> <records read> <read ms> <fold ms> <plan hash ms>'."))
    var resumeRecords: Int?

    @Option(help: ArgumentHelp(
        "Time `resume` to the end of its live reconcile (an in-memory farm of --nodes) on a journal of this many "
            + "records and of a tenth of them; prints 'reconcile <records> <steps> <median ms> <max ms> "
            + "<median ms at records/10>'."))
    var reconcileRecords: Int?

    @Option(help: ArgumentHelp(
        "With --resume-records: the journal in this PostgreSQL database (postgres://…); prints "
            + "'pgresume <records> <steps> <median ms> <max ms> <records read>'."))
    var state: String?

    @Option(help: "Resume runs to take the median of (with --resume-records, of a farm of --nodes, default 200).")
    var runs: Int = 5

    @Option(help: ArgumentHelp(
        "Time CurlNodeClient GET /v1/node against this node URL (keep-alive); prints "
            + "'curl <requests> <median ms> <p90 ms> <p99 ms> <mean ms>'."))
    var curlUrl: String?

    @Option(help: "Requests for --curl-url.")
    var requests: Int = 2_000

    /// The sizes of the table: nodes, datacenters. The 100,000-node farm shows that a topology far beyond any real
    /// AE system still finishes, with memory per node falling.
    static let sizes = [(2, 2), (100, 5), (1_000, 10), (10_000, 20), (100_000, 50)]

    func run() async throws {
        try await measure()
    }

    /// The work of `run()`, callable by name from the entry point below.
    func measure() async throws {
        if let resumeRecords, let state {
            print(try await PostgresResumeBench.run(
                url: state, records: resumeRecords, runs: max(1, runs), nodes: nodes ?? 200,
                datacenters: datacenters, maxDown: maxDown))
            return
        }
        if let resumeRecords {
            print(try await ResumeBench.run(
                records: resumeRecords, runs: max(1, runs), nodes: nodes ?? 200, datacenters: datacenters,
                maxDown: maxDown))
            return
        }
        if let reconcileRecords {
            print(try await ReconcileBench.run(
                records: reconcileRecords, runs: max(1, runs), nodes: nodes ?? 200, datacenters: datacenters,
                maxDown: maxDown))
            return
        }
        if let curlUrl {
            let token = ProcessInfo.processInfo.environment["AEUPGRADE_TOKEN"]
            print(try await CurlBench.run(url: curlUrl, requests: max(1, requests), token: token))
            return
        }
        if let nodes {
            let row = try Measurement.measure(nodes: nodes, datacenters: datacenters, maxDown: maxDown)
            print(row.line)
            return
        }
        var rows: [Measurement] = []
        for (nodes, datacenters) in Self.sizes {
            rows.append(try Measurement.inChild(nodes: nodes, datacenters: datacenters, maxDown: maxDown))
        }
        print(Measurement.table(rows))
    }
}
// Explicit async entry: in main.swift a bare `Bench.main()` resolves to the synchronous overload.
do {
    let command = try Bench.parse()
    try await command.measure()
} catch {
    Bench.exit(withError: error)
}
