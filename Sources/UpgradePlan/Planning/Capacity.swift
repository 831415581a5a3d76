/// Whether a set of nodes' processes can carry the farm alone: every NetArea's agents reach a CP or JCP of their
/// kind (own NetArea or declared fallback), enough CPs and WPs serve, and a WP can hold the PWP.
///
/// The planner asks it of the base processes kept until finalize (the rollback reserve, invariant 5) and of the
/// target processes at the switch (invariants 1-3 after it). Linear in the nodes given plus the agent groups.
struct Capacity {
    /// One group of agents as the checks see it: its NetArea, the kind it connects to, and where it may connect.
    struct AgentEntry {
        let netArea: String
        let kind: AgentConnection
        let agents: Int
        /// The NetArea itself, then its declared fallbacks in order.
        let reach: [String]
    }

    let topology: Topology
    /// Agent groups summed per (NetArea, kind), in declared order.
    let entries: [AgentEntry]

    init(_ topology: Topology) {
        self.topology = topology
        var order: [String] = []
        var sums: [String: (String, AgentConnection, Int)] = [:]
        for group in topology.agents where group.count > 0 {
            let key = "\(group.netArea)/\(group.connectsTo.rawValue)"
            if sums[key] == nil { order.append(key) }
            let previous = sums[key]?.2 ?? 0
            sums[key] = (group.netArea, group.connectsTo, min(previous + group.count, Int.max / 2))
        }
        var fallbacks: [String: [String]] = [:]
        for netArea in topology.netAreas where fallbacks[netArea.name] == nil { fallbacks[netArea.name] = netArea.fallback }
        entries = order.compactMap { key in
            guard let (netArea, kind, agents) = sums[key] else { return nil }
            return AgentEntry(netArea: netArea, kind: kind, agents: agents, reach: [netArea] + (fallbacks[netArea] ?? []))
        }
    }

    /// Running sums over a set of nodes, grown one node at a time so a growing set costs its new nodes only.
    struct Sums {
        var cps = 0
        var wps = 0
        var wpNodes = 0
        /// CPs and JCPs per NetArea.
        var byArea: [String: (cp: Int, jcp: Int)] = [:]

        /// Adds a node's processes.
        mutating func add(_ node: Node) {
            cps += node.cps
            wps += node.wps
            if node.wps > 0 { wpNodes += 1 }
            byArea[node.netArea, default: (0, 0)].cp += node.cps
            byArea[node.netArea, default: (0, 0)].jcp += node.jcps
        }
    }

    /// Why `nodes` cannot carry the farm alone, in words that start after `who` ("the base processes of AE_1A"),
    /// or nil when they can.
    func problem(serving nodes: [Node], who: String) -> String? {
        var sums = Sums()
        for node in nodes { sums.add(node) }
        return problem(sums, who: who)
    }

    /// Why the nodes summed in `sums` cannot carry the farm alone, or nil when they can.
    func problem(_ sums: Sums, who: String) -> String? {
        let policy = topology.policy
        if sums.cps < policy.minActiveCPs {
            return "\(who) have \(sums.cps) CPs, below policy.minActiveCPs \(policy.minActiveCPs)"
        }
        if sums.wps < policy.minRunningWPs {
            return "\(who) have \(sums.wps) WPs, below policy.minRunningWPs \(policy.minRunningWPs)"
        }
        if sums.wpNodes == 0 {
            return "\(who) have no WP that could hold the primary work process"
        }
        for entry in entries {
            let reachable = entry.reach.contains { area in
                let counts = sums.byArea[area] ?? (0, 0)
                return (entry.kind == .cp ? counts.cp : counts.jcp) > 0
            }
            if !reachable {
                let fallback = entry.reach.dropFirst()
                let place = fallback.isEmpty
                    ? "in \(entry.netArea), which declares no fallback"
                    : "in \(entry.netArea) nor in its fallback \(MessageCap.list(Array(fallback)))"
                return "\(who) offer the \(entry.agents) \(entry.kind.rawValue) agents of \(entry.netArea) no "
                    + "\(entry.kind.rawValue) \(place)"
            }
        }
        return nil
    }
}
