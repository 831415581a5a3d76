import Foundation
import StatePostgres
import UpgradeOrchestrator
import UpgradePlan

/// `ResumeBench` with the journal in PostgreSQL: the same synthetic journal pushed into the database before each run
/// (the previous one archived), then the real `UpgradeRun.execute(.resume)` with the PostgreSQL backend up to its
/// first node request: lease taken, journal read (one row of all lines) and verified, folded, run record committed.
enum PostgresResumeBench {
    /// Measures `runs` resumes of a `records`-line journal in the database at `url`; returns the line of figures.
    static func run(url: String, records: Int, runs: Int, nodes: Int, datacenters: Int, maxDown: Int) async throws
        -> String
    {
        let text = FarmGenerator.yaml(nodes: nodes, datacenters: datacenters, maxNodesDownPerDC: maxDown)
        let topology = try TopologyLoader.parse(yaml: text, file: "resume-bench.yaml")
        var plan = try Planner.plan(topology)
        plan.topologyHash = TopologyHash.of(topology)
        let backend = PostgresStateBackend(url: try PostgresStateURL(url))
        let journalText = ResumeBench.journal(plan: plan, records: records)
        var times: [Double] = []
        var folded = 0
        for _ in 0..<runs {
            // Set the last run's journal aside, then push a fresh copy of the synthetic one.
            let lock = try await backend.lock(system: plan.system, purpose: "bench")
            let previous = try await lock.read()
            if !previous.records.isEmpty { _ = try await lock.archive(previous, planHash: "bench") }
            await lock.release()
            let directory = NSTemporaryDirectory() + "aeupgrade-pg-resume-bench-\(getpid())"
            try? FileManager.default.removeItem(atPath: directory)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try journalText.write(
                toFile: FileStateBackend.journalPath(directory: directory, system: plan.system), atomically: true,
                encoding: .utf8)
            _ = try await StateTransfer.push(system: plan.system, from: directory, to: backend)
            try? FileManager.default.removeItem(atPath: directory)

            let clock = ContinuousClock()
            let seen = ResumeBench.Instant()
            let client = ResumeBench.ReadyClient(clock: clock) { seen.set($0) }
            var options = RunOptions()
            options.state = backend
            let run = UpgradeRun(plan: plan, client: client, options: options, clock: clock, emit: { _ in })
            let start = clock.now
            _ = try? await run.execute(.resume)
            guard let ready = seen.value else {
                throw Measurement.Failure(description: "PostgreSQL resume bench: the run never reached reconciliation")
            }
            times.append((ready - start).milliseconds)
            folded = (try? await backend.read(system: plan.system).records.count) ?? 0
        }
        times.sort()
        func fmt(_ value: Double) -> String { String(format: "%.2f", value) }
        return "pgresume \(records) \(plan.steps.count) \(fmt(times[times.count / 2])) \(fmt(times.last!)) \(folded)"
    }
}
