import NodeContract
import UpgradePlan

/// The text of `aeupgrade status`: progress from the journal, and the farm as the nodes report it. Pure.
public enum StatusReport {
    /// Lines describing progress and, when the nodes answered, live state.
    public static func lines(plan: Plan, journal: JournalState, journalPath: String, live: LiveState?) -> [String] {
        var lines: [String] = []
        let ids = plan.steps.map(\.id)
        let done = ids.filter { journal.done.contains($0) }
        let running = ids.filter { journal.inFlight[$0] != nil }
        let failed = ids.filter { journal.failed[$0] != nil }
        let pending = ids.count - done.count - running.count - failed.count
        let outcome = journal.hasRun ? (journal.lastOutcome ?? "unfinished (no end record: interrupted or running)")
            : "no run yet"
        lines.append("\(plan.system): \(ids.count) steps: \(done.count) done, \(running.count) running, "
            + "\(failed.count) failed, \(pending) pending")
        lines.append("journal: \(journalPath) (generation \(journal.generation), last run: \(outcome))")
        for id in running { lines.append("  running: \(id) (attempt \(journal.inFlight[id] ?? 1))") }
        for id in failed { lines.append("  failed:  \(id): \(journal.failed[id] ?? "")") }
        if let next = plan.steps.first(where: { step in
            !journal.done.contains(step.id) && journal.inFlight[step.id] == nil
                && step.dependsOn.allSatisfy(journal.done.contains)
        }) {
            lines.append("  next:    \(next.id)")
        }
        if journal.rollbackStarted {
            let cause = journal.rollbackCause.map {
                $0.step == RollbackPlanner.operatorCause.step ? "at the operator's request (\($0.reason))" : "after \($0.step): \($0.reason)"
            } ?? ""
            lines.append("rollback: started \(cause); \(journal.rollbackDone.count) rollback steps done")
        }
        guard let live else {
            lines.append("live: no node answered")
            return lines
        }
        let system = live.system
        lines.append("ZDU: \(system.zdu.phase.rawValue) (base \(system.zdu.base), target \(system.zdu.target ?? "-"))")
        lines.append("PWP: \(system.pwp.map { "\($0.node) (\($0.process))" } ?? "none (takeover gap)")")
        lines.append("health: \(system.health.rawValue)")
        lines.append("nodes:")
        for node in plan.topology.nodes {
            guard let state = live.nodes[node.name] else {
                lines.append("  \(node.name) \(node.datacenter): unreachable (\(live.unreachable[node.name] ?? ""))")
                continue
            }
            var text = "  \(node.name) \(node.datacenter): installed \(state.installedVersion)"
            if let staged = state.stagedVersion { text += ", staged \(staged)" }
            for kind in ProcessKind.allCases {
                let processes = state.processes.filter { $0.kind == kind }
                guard !processes.isEmpty else { continue }
                let up = processes.filter { $0.state == .running }
                let versions = Set(up.map(\.version)).sorted().joined(separator: "/")
                var part = "; \(kind.rawValue) \(up.count)/\(processes.count) running"
                if !versions.isEmpty { part += " v\(versions)" }
                let modes = Set(processes.compactMap(\.cpMode?.rawValue)).sorted()
                if !modes.isEmpty { part += " (\(modes.joined(separator: "/")))" }
                text += part
            }
            lines.append(text)
        }
        lines.append("agents:")
        for area in system.netAreas {
            let cps = area.connected.filter { $0.value > 0 }.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            lines.append("  \(area.name): \(area.agents) agents, \(area.home) home, \(area.disconnected) disconnected; "
                + "CPs: \(cps.isEmpty ? "none" : cps)")
        }
        return lines
    }
}
