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
        let outcome = !journal.hasRun ? "no run yet"
            : journal.lastOutcome ?? (journal.lastRunEnded ? "refused before any change"
                : "unfinished (no end record: interrupted or running)")
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
        lines.append("ZDU: \(system.zdu.phase.rawValue)\(system.zdu.rolledBack == true ? " (rolled back)" : "") "
            + "(base \(system.zdu.base), target \(system.zdu.target ?? "-")); " + phaseMeaning(system.zdu))
        lines.append("PWP: " + pwpText(live))
        lines.append("health: \(system.health.rawValue)")
        lines.append("nodes:")
        for node in plan.topology.nodes {
            guard let state = live.nodes[node.name] else {
                lines.append("  \(node.name) \(node.datacenter): unreachable (\(live.unreachable[node.name] ?? ""))")
                continue
            }
            lines.append("  \(node.name) \(node.datacenter): runs \(runs(state))"
                + (state.stagedVersion.map { "; staged \($0)" } ?? ""))
            for (label, processes) in [("base", state.baseProcesses), ("target", state.targetProcesses)]
            where !processes.isEmpty {
                var parts: [String] = []
                for kind in ProcessKind.allCases {
                    let all = processes.filter { $0.kind == kind }
                    guard !all.isEmpty else { continue }
                    parts.append("\(kind.rawValue) \(all.filter { $0.state == .running }.count)/\(all.count)")
                }
                let version = processes.first?.version ?? ""
                lines.append("    \(label) \(version): \(parts.joined(separator: ", ")) running")
            }
        }
        lines.append("agents:")
        for area in system.netAreas {
            let connected = area.connected.filter { $0.value > 0 }.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            lines.append("  \(area.name) via \(area.via.rawValue): \(area.agents) agents, \(area.home) home, "
                + "\(area.disconnected) disconnected; on \(connected.isEmpty ? "none" : connected)")
        }
        if system.netAreas.isEmpty { lines.append("  no agent data (the nodes' node.yaml sets no commands.agentCounts)") }
        return lines
    }

    /// What the phase means for the operator.
    private static func phaseMeaning(_ zdu: ZDUState) -> String {
        switch zdu.phase {
        case .off: return "no upgrade in progress"
        case .compatibility:
            return zdu.rolledBack == true
                ? "the wizard rolled back: base processes serve; ZDU stays on (AE-ZDU-7), the switch can be done again"
                : "base processes serve; target processes wait for the switch (wizard step 4)"
        case .switched: return "target processes serve; the wizard's rollback is possible until finalize (step 5)"
        case .finalized: return "only target processes; no rollback"
        }
    }

    /// Where the PWP runs: node, process, and whether on a base or a target WP.
    private static func pwpText(_ live: LiveState) -> String {
        guard let pwp = live.system.pwp else { return "none (takeover gap)" }
        let side = Postcondition.pwpOnTarget(pwp, live: live) ? "target" : "base"
        return "\(pwp.node) (\(pwp.process), a \(side) WP)"
    }

    /// Which processes a node runs: base, target, both, or none.
    private static func runs(_ node: NodeState) -> String {
        let base = node.baseProcesses.contains { $0.state == .running }
        let target = node.targetProcesses.contains { $0.state == .running }
        switch (base, target) {
        case (true, true): return "base and target processes"
        case (true, false): return "base processes"
        case (false, true): return "target processes"
        case (false, false): return "no process (no base process left: they cannot restart while ZDU is on)"
        }
    }
}
