import NodeContract

/// The contract's views of the model: `GET /v1/node` and `GET /v1/system`.
extension FarmModel {
    /// Node names in topology order.
    public var nodeNames: [String] { nodes.map(\.name) }

    /// `GET /v1/node` for a node, nil for an unknown name: its base processes, then the target processes that ever
    /// started (AE-ZDU-9).
    public func nodeState(_ name: String) -> NodeState? {
        guard let index = nodeIndex[name] else { return nil }
        let node = nodes[index]
        var processes: [ProcessState] = []
        for set in ProcessSet.allCases {
            let listed = node.processes[set.rawValue].enumerated().filter { set == .base || $0.element.everStarted }
            for (local, process) in listed {
                processes.append(ProcessState(
                    kind: process.kind, id: node.processID(set, local), state: process.state,
                    version: process.version, pwp: pwp == ProcessRef(node: index, set: set, index: local),
                    netArea: process.kind.isCommunication ? node.netArea : nil))
            }
        }
        return NodeState(
            name: node.name, datacenter: node.datacenter, netArea: node.netArea,
            installedVersion: node.installedVersion, stagedVersion: node.stagedVersion, processes: processes,
            wizardSteps: node.wizardSteps.map(\.rawValue))
    }

    /// `GET /v1/system`: ZDU state, PWP, health (UP iff a PWP and a serving CP or JCP, AE-REST-1) and one
    /// `NetAreaAgents` per (NetArea, CP|JCP) with agents.
    public func systemState() -> SystemState {
        let slots = netAreaNames.count * 2
        var perServer = Array(repeating: [Int32: Int](), count: slots)
        var disconnected = Array(repeating: 0, count: slots)
        // An agent whose process stopped since the last step is shown disconnected, never as served by it.
        let live = servers.map(servesNow)
        for agent in agents {
            let place = slot(netArea: Int(agent.home), via: Int(agent.via))
            if agent.server >= 0 && live[Int(agent.server)] {
                perServer[place][agent.server, default: 0] += 1
            } else {
                disconnected[place] += 1
            }
        }
        var areas: [NetAreaAgents] = []
        for na in netAreaNames.indices {
            for via in 0..<2 where agentsByKind[slot(netArea: na, via: via)] > 0 {
                let place = slot(netArea: na, via: via)
                var connected: [String: Int] = [:]
                var home = 0
                for (server, count) in perServer[place] {
                    let ref = servers[Int(server)]
                    connected[nodes[Int(ref.node)].processID(ref.set, Int(ref.index))] = count
                    if Int(ref.netArea) == na { home += count }
                }
                areas.append(NetAreaAgents(
                    name: netAreaNames[na], via: via == 0 ? .cp : .jcp, agents: agentsByKind[place],
                    connected: connected, home: home, disconnected: disconnected[place]))
            }
        }
        let location = pwp.map {
            PWPLocation(node: nodes[$0.node].name, process: nodes[$0.node].processID($0.set, $0.index))
        }
        let anyServing = live.contains(true)
        return SystemState(
            system: system, pwp: location, zdu: zdu, health: location != nil && anyServing ? .up : .down,
            netAreas: areas)
    }
}
