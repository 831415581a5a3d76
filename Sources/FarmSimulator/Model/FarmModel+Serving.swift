/// Which CPs and JCPs serve agents now, and which of them each NetArea's agents pick, per kind.
///
/// - Off and compatibility mode: only base processes serve; target CPs/JCPs serve nobody before the switch
///   (AE-ZDU-4 for the JCP, ASSUMED-1 for the CP).
/// - Switched: target processes serve; base ones rank 9999 and serve only as a last resort (AE-ZDU-4, KB 259197).
/// - Finalized: only target processes (AE-ZDU-5).
/// - Agents pick within their own NetArea's processes of their kind, then a declared fallback's in order
///   (AE-NETAREA-1, AE-NETAREA-2); a CP agent never uses a JCP and vice versa (AE-JCP-1); a partition cuts a
///   datacenter's agents off the other datacenter's processes. No CP or JCP ever activates itself: only running
///   processes serve, and nothing starts a process but a command (AE-NONSTOP-1).
extension FarmModel {
    /// The process a server is.
    func ref(_ server: ServerRef) -> ProcessRef {
        ProcessRef(node: Int(server.node), set: server.set, index: Int(server.index))
    }

    /// Whether a CP/JCP serves agents in the current phase (see the rules above).
    func servesNow(_ server: ServerRef) -> Bool {
        guard process(ref(server)).state == .running else { return false }
        switch zdu.phase {
        case .off, .compatibility: return server.set == .base
        case .switched: return true
        case .finalized: return server.set == .target
        }
    }

    /// Slot of a NetArea and kind in `choice`, `agentsByKind` and the per-kind statistics.
    func slot(netArea: Int, via: Int) -> Int {
        netArea * 2 + via
    }

    /// Recomputes `serving`, `preferred`, each NetArea's choice per kind and `servingWPs` after processes, the ZDU
    /// phase or partitions changed (agents then count as unsettled): the preferred (ranked) servers of its own
    /// NetArea, else of its fallbacks in order; only when no NetArea in that list has one, the last-resort servers in
    /// the same order.
    mutating func refreshConnectivity() {
        guard connectivityDirty else { return }
        serving = servers.map(servesNow)
        let rankedSet = servingSet
        preferred = servers.map { $0.set == rankedSet }
        blocked = datacenters.indices.map { left in datacenters.indices.map { partitioned(left, $0) } }
        var byArea = Array(repeating: [Int32](), count: netAreaNames.count * 2)
        for server in servers.indices where serving[server] {
            byArea[slot(netArea: Int(servers[server].netArea), via: Int(servers[server].via))].append(Int32(server))
        }
        choice = []
        choicePreferred = []
        let ranked = preferred
        for na in netAreaNames.indices {
            let cut = blocked[netAreaDatacenter[na]]
            for via in 0..<2 {
                let areas = [na] + netAreaFallback[na]
                let reachable = areas.map { area in
                    byArea[slot(netArea: area, via: via)].filter { !cut[Int(servers[Int($0)].datacenter)] }
                }
                let best = reachable.lazy.map { $0.filter { ranked[Int($0)] } }.first { !$0.isEmpty }
                choice.append(best ?? reachable.first { !$0.isEmpty } ?? [])
                choicePreferred.append(best != nil)
            }
        }
        let jobSet = servingSet
        servingWPs = nodes.map { $0.runningWPs(jobSet) }
        agentsSettled = false
        connectivityDirty = false
    }

    /// Whether agents of a NetArea and kind can reach a serving process now (own or declared fallback).
    func hasServing(netArea: Int, via: Int) -> Bool {
        !choice[slot(netArea: netArea, via: via)].isEmpty
    }
}
