import NodeContract

/// The contract's views of the model: `GET /v1/node` and `GET /v1/system`.
extension FarmModel {
    /// Node names in topology order.
    public var nodeNames: [String] { nodes.map(\.name) }

    /// `GET /v1/node` for a node, nil for an unknown name.
    public func nodeState(_ name: String) -> NodeState? {
        guard let index = nodeIndex[name] else { return nil }
        let node = nodes[index]
        var processes: [ProcessState] = []
        for (wp, process) in node.wps.enumerated() {
            processes.append(ProcessState(
                kind: .wp, id: "\(node.name)/WP\(wp + 1)", state: process.state, version: process.version,
                pwp: pwp == PWPRef(node: index, wp: wp)))
        }
        for (cp, process) in node.cps.enumerated() {
            processes.append(ProcessState(
                kind: .cp, id: "\(node.name)/CP\(cp + 1)", state: process.state, version: process.version,
                cpMode: process.cpMode, netArea: node.netArea))
        }
        return NodeState(
            name: node.name, datacenter: node.datacenter, netArea: node.netArea,
            installedVersion: node.installedVersion, stagedVersion: node.stagedVersion, processes: processes)
    }

    /// `GET /v1/system`.
    public func systemState() -> SystemState {
        var perCP = Array(repeating: Array(repeating: 0, count: cpRefs.count), count: netAreaNames.count)
        var disconnected = Array(repeating: 0, count: netAreaNames.count)
        for agent in agents {
            if agent.cp >= 0 { perCP[Int(agent.home)][Int(agent.cp)] += 1 } else { disconnected[Int(agent.home)] += 1 }
        }
        var connected = Array(repeating: [String: Int](), count: netAreaNames.count)
        var home = Array(repeating: 0, count: netAreaNames.count)
        for na in netAreaNames.indices {
            for (cp, count) in perCP[na].enumerated() where count > 0 {
                let ref = cpRefs[cp]
                let node = nodes[Int(ref.node)]
                connected[na]["\(node.name)/CP\(ref.index + 1)"] = count
                if node.netAreaIndex == na { home[na] += count }
            }
        }
        let areas = netAreaNames.indices.map { na in
            NetAreaAgents(
                name: netAreaNames[na], agents: agentsPerNetArea[na], connected: connected[na], home: home[na],
                disconnected: disconnected[na])
        }
        let location = pwp.map {
            PWPLocation(node: nodes[$0.node].name, process: "\(nodes[$0.node].name)/WP\($0.wp + 1)")
        }
        let anyActive = cpRefs.indices.contains(where: isActive)
        return SystemState(
            system: system, pwp: location, zdu: zdu, health: location != nil && anyActive ? .up : .down,
            netAreas: areas)
    }
}
