import NodeContract
import UpgradePlan

/// Compares live state with what the plan (first apply) or the journal (resume) says it should be: pure.
public enum DriftCheck {
    /// Differences between live state and the plan's starting assumptions: every node reachable, running the
    /// base version, ZDU off, the PWP where the topology says.
    public static func startDifferences(_ plan: Plan, live: LiveState) -> [String] {
        var differences: [String] = []
        let topology = plan.topology
        for node in topology.nodes {
            guard let state = live.nodes[node.name] else {
                differences.append("\(node.name): unreachable (\(live.unreachable[node.name] ?? "no answer"))")
                continue
            }
            if state.installedVersion != topology.versions.base {
                differences.append(
                    "\(node.name): installed version is \(state.installedVersion), the plan expects "
                        + "\(topology.versions.base)")
            }
        }
        if live.system.zdu.phase != .off {
            differences.append("system: ZDU phase is \(live.system.zdu.phase.rawValue), the plan expects off")
        }
        if let expected = topology.pwpNode?.name, live.system.pwp?.node != expected {
            differences.append("system: the PWP is on \(live.system.pwp?.node ?? "no node"), the plan expects \(expected)")
        }
        return differences
    }

    /// Differences between live state and the journal: node versions, ZDU phase, PWP location, and done steps
    /// whose postcondition should still hold (no later step has touched what they did).
    public static func resumeDifferences(_ plan: Plan, journal: JournalState, live: LiveState) -> [String] {
        var differences: [String] = []
        let touched = journal.done.union(journal.inFlight.keys).union(journal.failed.keys)
        let versions = plan.topology.versions
        func step(_ kind: StepKind, node: String? = nil) -> Step? {
            plan.steps.first { $0.kind == kind && (node == nil || $0.nodes.first == node) }
        }
        for node in plan.topology.nodes {
            guard let state = live.nodes[node.name] else { continue }
            guard let install = step(.binariesInstall, node: node.name) else { continue }
            let expected: String? =
                journal.done.contains(install.id) ? versions.target
                : touched.contains(install.id) ? nil : versions.base
            if let expected, state.installedVersion != expected {
                differences.append(
                    "\(node.name): installed version is \(state.installedVersion), the journal says \(expected)")
            }
        }
        let phase = live.system.zdu.phase
        if let finalize = step(.zduFinalize), journal.done.contains(finalize.id), phase != .finalized {
            differences.append("system: ZDU phase is \(phase.rawValue), the journal says finalized")
        } else if let prepare = step(.zduPrepare), journal.done.contains(prepare.id),
            !touched.contains(step(.zduFinalize)?.id ?? ""), phase != .compatibility
        {
            differences.append("system: ZDU phase is \(phase.rawValue), the journal says compatibility")
        }
        if let handover = step(.pwpHandover), handover.nodes.count == 2, let holder = live.system.pwp?.node {
            let expected: String? =
                journal.done.contains(handover.id) ? handover.nodes[1]
                : touched.contains(handover.id) ? nil : plan.topology.pwpNode?.name
            if let expected, holder != expected {
                differences.append("system: the PWP is on \(holder), the journal says \(expected)")
            }
        }
        for done in plan.steps where journal.done.contains(done.id) && !Postcondition.isObserveOnly(done.kind) {
            let dependents = plan.steps.filter { $0.dependsOn.contains(done.id) }
            guard dependents.allSatisfy({ !touched.contains($0.id) }), done.kind != .zduPrepare,
                done.nodes.allSatisfy({ live.nodes[$0] != nil })
            else { continue }
            if !Postcondition.holds(done.kind, nodes: done.nodes, version: versions.target, live: live) {
                differences.append("\(done.id): recorded done, but its postcondition no longer holds "
                    + "[\(live.summary(nodes: done.nodes))]")
            }
        }
        return differences
    }
}
