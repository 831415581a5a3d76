import NodeContract
import UpgradePlan

/// Re-checks the availability invariants on live state: at gates (for the whole soak), before each drain and
/// stop, and before each datacenter is entered.
public enum HealthCheck {
    /// What is wrong with the live farm, empty when healthy: health UP, exactly one PWP, every NetArea with agents
    /// has a serving CP (for its CP agents) and JCP (for its JCP agents) of its own or of its declared fallback,
    /// and `minActiveCPs` CPs and `minRunningWPs` WPs serve (docs/ae-model.md invariants 1-3); at gates, wizard
    /// steps and soaks (without `stopping`) also no crashed process (`crashedProcesses`). With `stopping`, the farm
    /// as it will be once the step stopped those processes (other nodes' steps may be starting or stopping theirs).
    public static func problems(topology: Topology, live: LiveState, stopping: Serving.Stopping? = nil) -> [String] {
        var problems: [String] = []
        if live.system.health != .up {
            problems.append("system health is \(live.system.health.rawValue)")
        }
        let pwps = live.nodes.values.flatMap(\.processes).filter { $0.pwp && $0.state == .running }
        if live.system.pwp == nil || pwps.count > 1 {
            problems.append("expected exactly one PWP, found \(pwps.map(\.id).sorted())")
        }
        let after = stopping.map { " once \($0.node)'s base \($0.kinds.map(\.rawValue).sorted().joined(separator: "/")) stop" }
            ?? ""
        for connection in AgentConnection.allCases {
            guard let kind = ProcessKind(rawValue: connection.rawValue) else { continue }
            let areas = Set(Serving.processes(kind, live: live, stopping: stopping).map(\.netArea))
            for area in topology.netAreas {
                let agents = topology.agentCount(in: area.name, via: connection)
                guard agents > 0 else { continue }
                let reachable = [area.name] + area.fallback
                if !reachable.contains(where: areas.contains) {
                    problems.append("NetArea \(area.name) has \(agents) \(kind.rawValue) agents but no serving "
                        + "\(kind.rawValue) in \(reachable.joined(separator: ", "))\(after)")
                }
            }
        }
        let policy = topology.policy
        let cps = Serving.processes(.cp, live: live, stopping: stopping).count
        if cps < policy.minActiveCPs {
            problems.append("\(cps) CPs serve\(after), policy.minActiveCPs is \(policy.minActiveCPs)")
        }
        let wps = Serving.processes(.wp, live: live, stopping: stopping).count
        if wps < policy.minRunningWPs {
            problems.append("\(wps) WPs serve\(after), policy.minRunningWPs is \(policy.minRunningWPs)")
        }
        for (name, error) in live.unreachable.sorted(by: { $0.key < $1.key }) {
            problems.append("node \(name) unreachable: \(error)")
        }
        if stopping == nil {
            problems += crashedProcesses(topology: topology, live: live)
        }
        return problems
    }
}
