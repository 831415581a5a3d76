import NodeContract
import UpgradePlan

/// The observable meaning of each step kind (TEAM.md's step semantics table): pure checks on live state.
public enum Postcondition {
    /// Whether the step's postcondition holds; `version` is the version the step moves towards
    /// (target forwards, base in rollback).
    public static func holds(_ kind: StepKind, nodes: [String], version: String, live: LiveState) -> Bool {
        let node = nodes.first.flatMap { live.nodes[$0] }
        switch kind {
        case .binariesStage:
            guard let node else { return false }
            return node.stagedVersion == version || node.installedVersion == version
        case .zduPrepare:
            return live.system.zdu.phase != .off
        case .cpStandby:
            guard let node else { return false }
            return cps(node).allSatisfy { $0.cpMode == .standby }
        case .agentsAwaitFailover:
            guard let node else { return false }
            let ids = Set(cps(node).map(\.id))
            let ownArea = live.system.netAreas.first { $0.name == node.netArea }
            return (ownArea?.disconnected ?? 0) == 0 && live.system.netAreas.allSatisfy { area in
                area.connected.allSatisfy { !ids.contains($0.key) || $0.value == 0 }
            }
        case .pwpHandover:
            guard nodes.count == 2 else { return false }
            return live.system.pwp?.node == nodes[1]
        case .wpStop:
            guard let node else { return false }
            return node.processes.allSatisfy { $0.state == .stopped }
        case .binariesInstall:
            return node?.installedVersion == version
        case .processesStart:
            guard let node else { return false }
            return node.processes.allSatisfy { $0.state == .running }
        case .healthVerify:
            guard let node else { return false }
            return live.system.health == .up
                && node.processes.allSatisfy { $0.state == .running && $0.version == version }
        case .cpActivate:
            guard let node else { return false }
            return cps(node).allSatisfy { $0.cpMode == .active && $0.state == .running }
        case .agentsAwaitHome:
            guard let node, let area = live.system.netAreas.first(where: { $0.name == node.netArea }) else {
                return false
            }
            return area.home == area.agents
        case .gate:
            return false
        case .zduFinalize:
            return live.system.zdu.phase == .finalized
        case .zduRollback:
            return live.system.zdu.phase == .off
        }
    }

    /// Whether the kind only observes (no POST).
    public static func isObserveOnly(_ kind: StepKind) -> Bool {
        [.agentsAwaitFailover, .healthVerify, .agentsAwaitHome, .gate].contains(kind)
    }

    private static func cps(_ node: NodeState) -> [ProcessState] {
        node.processes.filter { $0.kind == .cp }
    }
}
