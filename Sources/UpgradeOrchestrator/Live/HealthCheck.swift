import NodeContract
import UpgradePlan

/// Re-checks the availability invariants on live state (before each datacenter and before `zdu.finalize`).
public enum HealthCheck {
    /// What is wrong with the live farm, empty when healthy: every NetArea with agents has an active CP of its
    /// own or of a declared fallback, exactly one PWP, health UP.
    public static func problems(topology: Topology, live: LiveState) -> [String] {
        var problems: [String] = []
        if live.system.health != .up { problems.append("system health is \(live.system.health.rawValue)") }
        let pwps = live.nodes.values.flatMap(\.processes).filter { $0.pwp && $0.state == .running }
        if live.system.pwp == nil || pwps.count > 1 {
            problems.append("expected exactly one PWP, found \(pwps.map(\.id).sorted())")
        }
        var activeAreas: Set<String> = []
        for node in live.nodes.values {
            for process in node.processes
            where process.kind == .cp && process.state == .running && process.cpMode == .active {
                activeAreas.insert(process.netArea ?? node.netArea)
            }
        }
        for area in topology.netAreas where topology.agentCount(in: area.name) > 0 {
            let reachable = [area.name] + area.fallback
            if !reachable.contains(where: activeAreas.contains) {
                problems.append("NetArea \(area.name) has agents but no active CP in \(reachable)")
            }
        }
        for (name, error) in live.unreachable.sorted(by: { $0.key < $1.key }) {
            problems.append("node \(name) unreachable: \(error)")
        }
        return problems
    }
}
