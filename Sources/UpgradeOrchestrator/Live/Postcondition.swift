import NodeContract
import UpgradePlan

/// The observable meaning of each step kind: pure checks on live state. A step is done when its postcondition is
/// observed, never because a POST answered 2xx; a wizard step is done only when its result is observed.
public enum Postcondition {
    /// Whether the step's postcondition holds; `version` is the upgrade's target version.
    public static func holds(_ kind: StepKind, nodes: [String], version: String, live: LiveState) -> Bool {
        let node = nodes.first.flatMap { live.nodes[$0] }
        let zdu = live.system.zdu
        switch kind {
        case .binariesStage:
            return node?.stagedVersion == version
        case .cpDrain:
            guard let node else { return false }
            return node.baseProcesses.allSatisfy { !$0.kind.servesAgents || $0.state == .stopped }
        case .agentsAwaitReconnect:
            guard let node, agentData(live) else { return false }
            let ids = Set(node.baseProcesses.filter(\.kind.servesAgents).map(\.id))
            return live.system.netAreas.allSatisfy { area in
                area.disconnected == 0 && area.connected.allSatisfy { !ids.contains($0.key) || $0.value == 0 }
            }
        case .wpStop:
            guard let node else { return false }
            return node.baseProcesses.allSatisfy { $0.kind.servesAgents || $0.state == .stopped }
        case .targetStart:
            guard let node else { return false }
            let target = node.targetProcesses
            return !target.isEmpty && target.allSatisfy { $0.state == .running && $0.version == version }
        case .targetVerify:
            guard let node, live.system.health == .up, zdu.phase != .off else { return false }
            let target = node.targetProcesses
            return !target.isEmpty && target.allSatisfy { $0.state == .running && $0.version == version }
        case .targetStop:
            guard let node else { return false }
            return node.targetProcesses.allSatisfy { $0.state == .stopped }
        case .gate:
            return false
        case .zduDBLoad:
            return zdu.phase != .off && zdu.target == version
        case .zduSwitch:
            guard zdu.phase == .switched || zdu.phase == .finalized, let pwp = live.system.pwp else { return false }
            return pwpOnTarget(pwp, live: live)
        case .zduFinalize:
            return zdu.phase == .finalized
        case .zduRollback:
            return zdu.phase == .compatibility && zdu.rolledBack == true
        }
    }

    /// Whether the kind's postcondition (or `missingData`) looks at the system (`GET /v1/system`); the others look
    /// only at the step's nodes, so a poll for them reads nothing else.
    public static func readsSystem(_ kind: StepKind) -> Bool {
        switch kind {
        case .agentsAwaitReconnect, .targetVerify, .gate, .zduDBLoad, .zduSwitch, .zduFinalize, .zduRollback: true
        case .binariesStage, .cpDrain, .wpStop, .targetStart, .targetStop: false
        }
    }

    /// Whether the kind only observes (no POST): agent waits, verification, gates and the wizard steps.
    public static func isObserveOnly(_ kind: StepKind) -> Bool {
        kind.isWizardStep || [.agentsAwaitReconnect, .targetVerify, .gate].contains(kind)
    }

    /// Why the step can never pass on what the nodes report, or nil: an agent wait on a system that does not report
    /// every (NetArea, via) pair the topology declares fails closed instead of passing on data it cannot see, and
    /// names the node that answered and the node.yaml setting to fix (`AgentData`).
    public static func missingData(_ kind: StepKind, nodes: [String], topology: Topology, live: LiveState) -> String? {
        guard kind == .agentsAwaitReconnect, let name = nodes.first else { return nil }
        return AgentData.problem(topology: topology, live: live, what: "\(kind.rawValue) of \(name)")
    }

    /// Whether the system reports agent data at all (a node without `commands.agentCounts` reports none).
    private static func agentData(_ live: LiveState) -> Bool {
        !live.system.netAreas.isEmpty
    }

    /// Whether the PWP runs on a target WP of its node.
    static func pwpOnTarget(_ pwp: PWPLocation, live: LiveState) -> Bool {
        guard let node = live.nodes[pwp.node], let process = node.processes.first(where: { $0.id == pwp.process })
        else { return pwp.process.contains("@") }
        return !node.isBase(process)
    }
}
