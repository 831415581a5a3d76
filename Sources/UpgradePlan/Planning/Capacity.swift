/// What the farm keeps in service while a set of nodes is out: active CPs, running WPs, NetArea coverage.
///
/// Totals are computed once; checking a batch costs the batch size plus the NetAreas, so the planner stays
/// linear in the number of nodes.
struct Capacity {
    let topology: Topology
    private let totalCPs: Int
    private let totalWPs: Int
    /// CPs per NetArea name.
    private let cpsByNetArea: [String: Int]
    /// NetAreas that have agents, with the agent count, in declared order.
    private let agentAreas: [(name: String, agents: Int)]

    init(_ topology: Topology) {
        self.topology = topology
        totalCPs = topology.nodes.reduce(0) { $0 + $1.cps }
        totalWPs = topology.nodes.reduce(0) { $0 + $1.wps }
        var byArea: [String: Int] = [:]
        for node in topology.nodes { byArea[node.netArea, default: 0] += node.cps }
        cpsByNetArea = byArea
        var agents: [String: Int] = [:]
        var order: [String] = []
        for group in topology.agents where group.count > 0 {
            if agents[group.netArea] == nil { order.append(group.netArea) }
            agents[group.netArea, default: 0] += group.count
        }
        agentAreas = order.map { ($0, agents[$0] ?? 0) }
    }

    /// Why the farm breaks an invariant while `down` is out of service (standby or stopped), or nil when it holds.
    func problem(whileDown down: [Node]) -> String? {
        let policy = topology.policy
        let names = down.map(\.name).joined(separator: ", ")
        let what = down.isEmpty
            ? "before any change" : "while \(names) \(down.count == 1 ? "is" : "are") out of service"
        let cps = totalCPs - down.reduce(0) { $0 + $1.cps }
        if cps < policy.minActiveCPs {
            return "\(what), only \(cps) CPs stay active (policy.minActiveCPs \(policy.minActiveCPs)); "
                + "lower policy.minActiveCPs, add CPs, or lower policy.maxNodesDownPerDC"
        }
        let wps = totalWPs - down.reduce(0) { $0 + $1.wps }
        if wps < policy.minRunningWPs {
            return "\(what), only \(wps) WPs keep running (policy.minRunningWPs \(policy.minRunningWPs)); "
                + "lower policy.minRunningWPs, add WPs, or lower policy.maxNodesDownPerDC"
        }
        var lost: [String: Int] = [:]
        for node in down { lost[node.netArea, default: 0] += node.cps }
        for area in agentAreas {
            let reachable = [area.name] + (topology.netArea(named: area.name)?.fallback ?? [])
            let active = reachable.reduce(0) { $0 + (cpsByNetArea[$1] ?? 0) - (lost[$1] ?? 0) }
            if active <= 0 {
                let fallback = topology.netArea(named: area.name)?.fallback ?? []
                let holders = down.filter { $0.netArea == area.name && $0.cps > 0 }.map(\.name)
                let why = fallback.isEmpty
                    ? "its CPs are all on \(holders.joined(separator: ", ")) and it declares no fallback"
                    : "neither its own CPs nor those of its fallback \(fallback.joined(separator: ", ")) stay active"
                return "\(what), NetArea \(area.name) (\(area.agents) agents) has no active CP: \(why); add CPs on "
                    + "another node of \(area.name), or a fallback NetArea with CPs in another datacenter"
            }
        }
        return nil
    }
}
