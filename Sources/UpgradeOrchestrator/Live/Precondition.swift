import NodeContract
import UpgradePlan

/// What must hold on live state before a step's POST: pure checks returning what is wrong, or nil.
public enum Precondition {
    /// Why the step cannot start now, or nil when it can.
    public static func violation(_ kind: StepKind, nodes: [String], version: String, live: LiveState) -> String? {
        for name in nodes where live.nodes[name] == nil {
            return "node \(name) is unreachable: \(live.unreachable[name] ?? "no answer")"
        }
        let node = nodes.first.flatMap { live.nodes[$0] }
        switch kind {
        case .binariesInstall:
            if let node, let running = node.processes.first(where: { $0.state != .stopped }) {
                return "\(node.name): process \(running.id) is \(running.state.rawValue); binaries change only "
                    + "while every process of the node is stopped"
            }
        case .processesStart:
            if let node, node.installedVersion != version {
                return "\(node.name): installed version is \(node.installedVersion), expected \(version)"
            }
        case .pwpHandover:
            if nodes.count == 2, let holder = live.system.pwp?.node, holder != nodes[0], holder != nodes[1] {
                return "the PWP is on \(holder), not on \(nodes[0])"
            }
            if nodes.count == 2, let to = live.nodes[nodes[1]],
                !to.processes.contains(where: { $0.kind == .wp && $0.state == .running }) {
                return "\(nodes[1]) has no running WP to take the PWP role"
            }
        case .wpStop:
            if let node, live.system.pwp?.node == node.name, live.system.zdu.phase != .finalized {
                return "\(node.name) holds the PWP; hand it over before stopping its WPs"
            }
        case .zduFinalize:
            if live.system.zdu.phase == .off { return "the system is not in ZDU compatibility mode" }
        default:
            break
        }
        return nil
    }
}
