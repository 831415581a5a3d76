import NodeContract
import UpgradePlan

/// The effects of `policy.onCrashedTargetProcess: restart`: a health check that found crashed processes claims their
/// restarts in the shared `RestartLedger` (the decision is `CrashRestartDecision`'s), starts each node's crashed
/// target processes again with the POST a `target.start` step uses (`POST target/start {version}`, only stopped
/// processes start) under a key of its own per restart, waits until they run, and checks again on a fresh read.
extension StepRunner {
    /// What `restartCrashed` did.
    public struct RestartResult: Sendable {
        /// The restarts sent (to journal), whatever came of them.
        public var restarts: [ProcessRestart] = []
        /// The check's problems after the restarts, on a fresh read, followed by why each crashed process still
        /// stopped was not restarted or did not come back; nil when the policy decided nothing (the check's first
        /// problems stand, as without the policy).
        public var problems: [String]?
    }

    /// Restarts the crashed target processes in `live` per policy, then re-runs `recheck` on a fresh read of the
    /// farm. `checker` names the check (a step id, or `ProcessRestart.finalCheck`).
    public func restartCrashed(
        found live: LiveState, by checker: String, recheck: @Sendable (LiveState) -> [String]
    ) async -> RestartResult {
        let crashed = HealthCheck.crashed(topology: topology, live: live)
        guard topology.policy.onCrashedTargetProcess == .restart, !crashed.isEmpty else { return RestartResult() }
        let decision = restarts.claim(crashed, policy: topology.policy)
        var result = RestartResult()
        var notes = decision.refusals
        let byNode = Dictionary(grouping: decision.restarts, by: \.process.node)
        for node in byNode.keys.sorted() {
            let group = byNode[node] ?? []
            let (sent, failure) = await restart(group, on: node, by: checker)
            restarts.finished(group.map(\.process.id))
            result.restarts += sent
            if let failure { notes.append(failure) }
        }
        let waiting = Dictionary(grouping: decision.beingRestarted, by: \.node)
        for node in waiting.keys.sorted() {
            let ids = (waiting[node] ?? []).map(\.id)
            if let failure = await awaitRunning(ids, on: node, deadline: clock.now.advanced(by: stepTimeout)) {
                notes.append(failure + " (another check restarted it)")
            }
        }
        guard !byNode.isEmpty || !waiting.isEmpty else {
            result.problems = recheck(live) + notes
            return result
        }
        do throws(NodeError) {
            let fresh = try await LiveState.fetch(client, topology: topology)
            result.problems = recheck(fresh) + notes
        } catch {
            result.problems = ["after restarting crashed processes: \(error.description)"] + notes
        }
        return result
    }

    /// One node's restart: `POST target/start {version}` under the key of the first process's restart, the
    /// operation polled to its end, then the processes observed running; nil failure when they all run.
    private func restart(
        _ group: [CrashRestartDecision.Restart], on node: String, by checker: String
    ) async -> (sent: [ProcessRestart], failure: String?) {
        guard let first = group.first else { return ([], nil) }
        let key = IdempotencyKey.restart(
            planHash: planHash, process: first.process.id, run: runNumber, number: first.number)
        let time = Journal.timestamp()
        let sent = group.map {
            ProcessRestart(process: $0.process.id, node: node, number: $0.number,
                limit: topology.policy.maxRestarts, key: key, checkedBy: checker, time: time)
        }
        let names = group.map(\.process.id).joined(separator: ", ")
        let deadline = clock.now.advanced(by: stepTimeout)
        do throws(NodeError) {
            var operation = try await client.post(
                node, path: ContractPath.targetStart, body: OperationRequest(version: version), idempotencyKey: key)
            while operation.state == .running {
                if clock.now >= deadline {
                    return (sent, "restart of \(names): operation \(operation.id) still running at the deadline "
                        + "(\(stepTimeout))")
                }
                if Task.isCancelled { return (sent, "cancelled while restarting \(names)") }
                try? await clock.sleep(for: pause(before: operation, deadline: deadline))
                operation = try await client.operation(node, id: operation.id)
            }
            if operation.state == .failed {
                return (sent, "restart of \(names): \(node) operation \(operation.id) failed: "
                    + (operation.reason ?? "no reason"))
            }
        } catch {
            return (sent, "restart of \(names): \(error.description)")
        }
        return (sent, await awaitRunning(group.map(\.process.id), on: node, deadline: deadline))
    }

    /// Polls `node` until every process in `ids` runs; nil when they do, else which do not at `deadline`.
    private func awaitRunning(_ ids: [String], on node: String, deadline: C.Instant) async -> String? {
        var last = "not read"
        while true {
            do throws(NodeError) {
                let state = try await client.node(node)
                let stopped = ids.filter { id in !state.processes.contains { $0.id == id && $0.state == .running } }
                if stopped.isEmpty { return nil }
                last = stopped.joined(separator: ", ") + " not running"
            } catch {
                last = error.description
            }
            if clock.now >= deadline || Task.isCancelled {
                return "restarted \(ids.joined(separator: ", ")) on \(node), but within \(stepTimeout): \(last)"
            }
            try? await clock.sleep(for: pollInterval)
        }
    }
}
