import Foundation
import Synchronization
import NodeContract
import UpgradeOrchestrator
import UpgradePlan

/// Time from `aeupgrade resume` starting its run to being ready to reconcile: the real `UpgradeRun.execute(.resume)`
/// (staleness check, lock, journal read and fold, run record appended and fsync'ed) up to its first request to a
/// node, which a stub client answers by stopping the run. The journal is synthetic (see `journal`), of the plan of
/// a generated farm.
enum ResumeBench {
    /// The first node request ends the run: this is the reconcile-ready instant.
    struct ReadyClient: NodeClient {
        let clock: ContinuousClock
        let reached: @Sendable (ContinuousClock.Instant) -> Void

        func node(_ name: String) async throws(NodeError) -> NodeState { throw stop() }
        func system(via name: String) async throws(NodeError) -> SystemState { throw stop() }
        func post(
            _ name: String, path: String, body: OperationRequest?, idempotencyKey: String
        ) async throws(NodeError) -> NodeContract.Operation { throw stop() }
        func operation(_ name: String, id: String) async throws(NodeError) -> NodeContract.Operation { throw stop() }
        func operations(
            _ name: String, keyPrefix: String, state: OperationState?
        ) async throws(NodeError) -> [NodeContract.Operation] { throw stop() }

        private func stop() -> NodeError {
            reached(clock.now)
            return .unknownNode(node: "bench-stop")
        }
    }

    /// The first instant the stub saw (the fetch may ask several nodes at once).
    final class Instant: Sendable {
        private let first = Mutex<ContinuousClock.Instant?>(nil)
        var value: ContinuousClock.Instant? { first.withLock { $0 } }
        func set(_ instant: ContinuousClock.Instant) { first.withLock { if $0 == nil { $0 = instant } } }
    }

    /// Measures `runs` resumes of a `records`-line journal; returns the line of figures.
    static func run(records: Int, runs: Int, nodes: Int, datacenters: Int, maxDown: Int) async throws -> String {
        let text = FarmGenerator.yaml(nodes: nodes, datacenters: datacenters, maxNodesDownPerDC: maxDown)
        let topology = try TopologyLoader.parse(yaml: text, file: "resume-bench.yaml")
        var plan = try Planner.plan(topology)
        plan.topologyHash = TopologyHash.of(topology)
        let directory = NSTemporaryDirectory() + "aeupgrade-resume-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let journalText = journal(plan: plan, records: records)
        let path = UpgradeRun<ContinuousClock>.journalPath(stateDirectory: directory, system: plan.system)
        var times: [Double] = []
        var folded = 0
        for _ in 0..<runs {
            try journalText.write(toFile: path, atomically: true, encoding: .utf8)
            let clock = ContinuousClock()
            let seen = Instant()
            let client = ReadyClient(clock: clock) { seen.set($0) }
            let options = RunOptions(stateDirectory: directory)
            let run = UpgradeRun(plan: plan, client: client, options: options, clock: clock, emit: { _ in })
            let start = clock.now
            _ = try? await run.execute(.resume)
            guard let ready = seen.value else {
                throw Measurement.Failure(description: "resume bench: the run never reached reconciliation")
            }
            times.append((ready - start).milliseconds)
            folded = (try? Journal.read(path: path).records.count) ?? 0
        }
        times.sort()
        let median = times[times.count / 2]
        // Where the time goes: one read + decode of the journal, one fold, one plan hash (the run does each more
        // than once).
        try journalText.write(toFile: path, atomically: true, encoding: .utf8)
        var read: [JournalRecord] = []
        let readTime = try ContinuousClock().measure { read = try Journal.read(path: path).records }
        let foldTime = ContinuousClock().measure { _ = JournalState(records: read) }
        let hashTime = ContinuousClock().measure { _ = PlanIdentity.hash(plan) }
        func fmt(_ value: Double) -> String { String(format: "%.2f", value) }
        return "resume \(records) \(plan.steps.count) \(fmt(median)) \(fmt(times.last!)) \(folded) "
            + "\(fmt(readTime.milliseconds)) \(fmt(foldTime.milliseconds)) \(fmt(hashTime.milliseconds))"
    }

    /// A journal of `records` lines of a long night: the steps in plan order, each failing its first attempt and
    /// succeeding its second, the run interrupted and resumed every 500 records.
    static func journal(plan: Plan, records: Int) -> String {
        let hash = PlanIdentity.hash(plan)
        func run(_ reason: String) -> JournalRecord {
            JournalRecord(
                event: .runStarted, time: Journal.timestamp(), planHash: hash, system: plan.system, reason: reason,
                generation: 1, pid: 4242, host: "bench")
        }
        var lines: [JournalRecord] = [run("apply")]
        var index = 0
        var phase = 0
        while lines.count < records {
            if lines.count % 500 == 499 {
                lines.append(JournalRecord(event: .runFinished, time: Journal.timestamp(), outcome: "stopped"))
                lines.append(run("resume"))
                continue
            }
            let step = plan.steps[index % plan.steps.count]
            let attempt = (index / plan.steps.count) * 2 + 1 + (phase < 2 ? 0 : 1)
            let key = IdempotencyKeyText.of(hash: hash, step: step.id, attempt: attempt)
            let observed = "\(step.nodes.joined(separator: ",")): installed 24.4.1, 4/4 WPs running 24.4.1, "
                + "2/2 CPs active; zdu compatibility; pwp AE_0"
            defer { phase = (phase + 1) % 4 }
            switch phase {
            case 0, 2:
                lines.append(JournalRecord(
                    event: .stepStarted, time: Journal.timestamp(), phase: .forward, step: step.id,
                    attempt: attempt, key: key))
            case 1:
                lines.append(JournalRecord(
                    event: .stepFailed, time: Journal.timestamp(), phase: .forward, step: step.id, attempt: attempt,
                    observed: observed, reason: "postcondition not observed within 900 s"))
            default:
                lines.append(JournalRecord(
                    event: .stepSucceeded, time: Journal.timestamp(), phase: .forward, step: step.id,
                    attempt: attempt, observed: observed))
                index += 1
            }
        }
        return String(decoding: (try? JournalChain.text(lines)) ?? Data(), as: UTF8.self)
    }
}

/// An idempotency-key-shaped string for the synthetic journal (its exact form does not matter to the fold).
enum IdempotencyKeyText {
    static func of(hash: String, step: String, attempt: Int) -> String {
        "\(hash.prefix(16)):\(step)" + (attempt > 1 ? "#\(attempt)" : "")
    }
}
