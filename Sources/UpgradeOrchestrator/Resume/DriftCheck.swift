import NodeContract
import UpgradePlan

/// Compares live state with what the plan (first apply) or the journal (resume) says it should be: pure, linear
/// in the number of steps.
public enum DriftCheck {
    /// Differences between live state and the state the plan's proof starts from: every node reachable, on the
    /// base version, every base process running and no target process; ZDU off (or the DB load for the plan's
    /// target done ahead of the window: nothing but base processes serves either way); the PWP where the topology
    /// says; no agent disconnected.
    public static func startDifferences(_ plan: Plan, live: LiveState) -> [String] {
        var differences = nodeDifferences(plan, live: live)
        for node in plan.topology.nodes {
            guard let state = live.nodes[node.name] else { continue }
            let stopped = state.baseProcesses.filter { $0.state != .running }.map(\.id)
            if !stopped.isEmpty {
                differences.append("\(node.name): \(stopped.joined(separator: ", ")) not running; the plan starts "
                    + "from every process running")
            }
            let target = state.targetProcesses.map(\.id)
            if !target.isEmpty {
                differences.append("\(node.name): target processes \(target.joined(separator: ", ")) exist; the plan "
                    + "starts before any target process")
            }
        }
        let zdu = live.system.zdu
        let loadedAhead = zdu.phase == .compatibility && zdu.target == plan.topology.versions.target
            && zdu.rolledBack != true
        if zdu.phase != .off, !loadedAhead {
            differences.append("system: ZDU phase is \(zdu.phase.rawValue) (target \(zdu.target ?? "-")), the plan "
                + "expects off, or compatibility for \(plan.topology.versions.target) (the DB load done ahead)")
        }
        if let expected = plan.topology.pwpNode?.name, live.system.pwp?.node != expected {
            differences.append("system: the PWP is on \(live.system.pwp?.node ?? "no node"), the plan expects \(expected)")
        }
        differences += agentDifferences(plan.topology, live: live)
        return differences
    }

    /// Agents where the topology says, as the proof assumes at the start: every declared (NetArea, via) pair
    /// reported (else the node.yaml setting is named), as many agents as declared, none disconnected, every one
    /// on a process of its own NetArea (none on a fallback yet).
    static func agentDifferences(_ topology: Topology, live: LiveState) -> [String] {
        var differences: [String] = []
        if let problem = AgentData.problem(topology: topology, live: live, what: "the start check") {
            differences.append("system: " + problem)
        }
        var declared: [String: Int] = [:]
        for group in topology.agents { declared["\(group.netArea) \(group.connectsTo.rawValue)", default: 0] += group.count }
        for area in live.system.netAreas {
            let pair = "\(area.name) via \(area.via.rawValue)"
            let expected = declared["\(area.name) \(area.via.rawValue)"] ?? 0
            if area.agents != expected {
                differences.append("\(pair): \(area.agents) agents reported, the topology declares \(expected)")
            }
            if area.disconnected > 0 {
                differences.append("\(pair): \(area.disconnected) agents disconnected; the plan starts from every "
                    + "agent connected")
            }
            let away = area.agents - area.disconnected - area.home
            if away > 0 {
                differences.append("\(pair): \(away) agents connected outside their NetArea; the plan starts from "
                    + "every agent on its own NetArea's CPs/JCPs")
            }
        }
        return differences
    }

    /// Differences that stop a new apply after a finished fallback: every node reachable and on the base version,
    /// ZDU not finalized and, when on, for the plan's target. Everything else is continued from what is observed
    /// (steps whose postcondition holds are recorded done).
    public static func continueDifferences(_ plan: Plan, live: LiveState) -> [String] {
        var differences = nodeDifferences(plan, live: live)
        let zdu = live.system.zdu
        if zdu.phase == .finalized {
            differences.append("system: ZDU is finalized; nothing is left to continue")
        } else if zdu.phase != .off, zdu.target != plan.topology.versions.target {
            differences.append("system: the ZDU target is \(zdu.target ?? "none"), the plan's is "
                + plan.topology.versions.target)
        }
        return differences
    }

    /// Differences between live state and the journal: the ZDU phase the wizard steps done imply, the PWP's
    /// place before the switch, and done steps whose postcondition should still hold (no later step has touched
    /// what they did): the node steps that act, and `target.verify` (a node waiting for the switch must still run
    /// its target processes).
    public static func resumeDifferences(_ plan: Plan, journal: JournalState, live: LiveState) -> [String] {
        var differences: [String] = []
        let touched = journal.done.union(journal.inFlight.keys).union(journal.failed.keys)
        let versions = plan.topology.versions
        var dependents: [String: [String]] = [:]
        var doneKinds: Set<StepKind> = []
        for step in plan.steps {
            for dependency in step.dependsOn { dependents[dependency, default: []].append(step.id) }
            if journal.done.contains(step.id) { doneKinds.insert(step.kind) }
        }
        let phase = live.system.zdu.phase
        let rolledBack = live.system.zdu.rolledBack == true
        if doneKinds.contains(.zduFinalize), phase != .finalized {
            differences.append("system: ZDU phase is \(phase.rawValue), the journal says finalized")
        } else if doneKinds.contains(.zduSwitch), phase != .switched, phase != .finalized, !rolledBack {
            differences.append("system: ZDU phase is \(phase.rawValue), the journal says switched")
        } else if doneKinds.contains(.zduDBLoad), phase == .off {
            differences.append("system: ZDU phase is off, the journal says compatibility (DB load done)")
        }
        if !doneKinds.contains(.zduSwitch), phase == .off || phase == .compatibility, !rolledBack,
            let expected = plan.topology.pwpNode?.name, let holder = live.system.pwp?.node, holder != expected
        {
            differences.append("system: the PWP is on \(holder), the journal says \(expected) (it moves only at the "
                + "switch)")
        }
        for done in plan.steps where journal.done.contains(done.id)
            && (!Postcondition.isObserveOnly(done.kind) || done.kind == .targetVerify)
        {
            guard (dependents[done.id] ?? []).allSatisfy({ !touched.contains($0) }),
                done.nodes.allSatisfy({ live.nodes[$0] != nil })
            else { continue }
            if !Postcondition.holds(done.kind, nodes: done.nodes, version: versions.target, live: live) {
                differences.append("\(done.id): recorded done, but its postcondition no longer holds "
                    + "[\(live.summary(nodes: done.nodes))]")
            }
        }
        return differences + HealthCheck.crashedProcesses(topology: plan.topology, live: live)
    }

    /// Every node reachable and on the base version (the base binaries never change during a ZDU).
    /// A TLS failure that no retry cures (the same CA, the same certificate files for every node) is named once,
    /// with the nodes it hit, not once per node.
    private static func nodeDifferences(_ plan: Plan, live: LiveState) -> [String] {
        var differences: [String] = []
        var tls: [String: [String]] = [:]
        var tlsOrder: [String] = []
        for node in plan.topology.nodes {
            guard let state = live.nodes[node.name] else {
                let error = live.unreachable[node.name] ?? "no answer"
                if let range = error.range(of: ": TLS: ") {
                    let cause = String(error[range.upperBound...])
                    if tls[cause] == nil { tlsOrder.append(cause) }
                    tls[cause, default: []].append(node.name)
                    continue
                }
                differences.append("\(node.name): unreachable (\(error))")
                continue
            }
            if state.installedVersion != plan.topology.versions.base {
                differences.append("\(node.name): installed version is \(state.installedVersion), the plan expects "
                    + plan.topology.versions.base)
            }
        }
        for cause in tlsOrder {
            let nodes = tls[cause] ?? []
            let names = nodes.count <= 10 ? nodes.joined(separator: ", ")
                : nodes.prefix(10).joined(separator: ", ") + " and \(nodes.count - 10) more"
            differences.append("\(names): unreachable: TLS: \(cause)")
        }
        return differences
    }
}
