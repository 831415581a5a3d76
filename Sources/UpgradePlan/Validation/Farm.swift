/// The static facts of a topology the validator needs, indexed by integer: nodes, datacenters, NetAreas, agents.
final class Farm {
    let topology: Topology
    let names: [String]
    let nodeIndex: [String: Int]
    let datacenter: [Int]
    let datacenterNames: [String]
    let netArea: [Int]
    let netAreaNames: [String]
    let wps: [Int]
    let cps: [Int]
    /// NetAreas with agents: the NetArea, its agent count and the NetAreas its agents may use (itself first).
    let agentAreas: [(area: Int, agents: Int, reach: [Int])]
    /// For each NetArea, the indices into `agentAreas` whose reach contains it.
    let reachedBy: [[Int]]
    /// The node holding the PWP before the upgrade, or -1.
    let initialPWP: Int
    let policy: Policy

    init(_ topology: Topology) {
        self.topology = topology
        policy = topology.policy
        names = topology.nodes.map(\.name)
        var nodeIndex: [String: Int] = [:]
        for (index, name) in names.enumerated() where nodeIndex[name] == nil { nodeIndex[name] = index }
        self.nodeIndex = nodeIndex
        var dcNames = topology.datacenters
        var dcIndex: [String: Int] = [:]
        for (index, name) in dcNames.enumerated() { dcIndex[name] = index }
        var areaNames = topology.netAreas.map(\.name)
        var areaIndex: [String: Int] = [:]
        for (index, name) in areaNames.enumerated() where areaIndex[name] == nil { areaIndex[name] = index }
        func intern(_ name: String, _ table: inout [String: Int], _ list: inout [String]) -> Int {
            if let index = table[name] { return index }
            table[name] = list.count
            list.append(name)
            return list.count - 1
        }
        datacenter = topology.nodes.map { intern($0.datacenter, &dcIndex, &dcNames) }
        netArea = topology.nodes.map { intern($0.netArea, &areaIndex, &areaNames) }
        wps = topology.nodes.map(\.wps)
        cps = topology.nodes.map(\.cps)
        var agents: [Int: Int] = [:]
        var order: [Int] = []
        for group in topology.agents where group.count > 0 {
            let area = intern(group.netArea, &areaIndex, &areaNames)
            if agents[area] == nil { order.append(area) }
            agents[area, default: 0] += group.count
        }
        var agentAreas: [(area: Int, agents: Int, reach: [Int])] = []
        for area in order {
            var reach = [area]
            for name in topology.netArea(named: areaNames[area])?.fallback ?? [] {
                let fallback = intern(name, &areaIndex, &areaNames)
                if !reach.contains(fallback) { reach.append(fallback) }
            }
            agentAreas.append((area, agents[area] ?? 0, reach))
        }
        var reachedBy = [[Int]](repeating: [], count: areaNames.count)
        for (position, entry) in agentAreas.enumerated() {
            for area in entry.reach { reachedBy[area].append(position) }
        }
        self.agentAreas = agentAreas
        self.reachedBy = reachedBy
        datacenterNames = dcNames
        netAreaNames = areaNames
        initialPWP = topology.nodes.firstIndex(where: \.pwp) ?? -1
    }

    var count: Int { names.count }

    /// The farm before any step: every node runs base, CPs active, ZDU off.
    var initialState: FarmState {
        FarmState(nodes: [UInt8](repeating: NodeBits.running, count: count), pwp: Int32(initialPWP), phase: .off)
    }
}

/// Bits of one node's state in `FarmState.nodes`.
enum NodeBits {
    /// Target binaries installed.
    static let installedTarget: UInt8 = 1
    /// All processes running (cleared by wp.stop and by finalize on base nodes).
    static let running: UInt8 = 2
    /// The running processes run the target version.
    static let runningTarget: UInt8 = 4
    /// CPs in standby mode: the node is out of service (from cp.standby until cp.activate).
    static let standby: UInt8 = 8
}

/// ZDU phase of the system.
enum ZDUPhase: UInt8, Hashable {
    case off, compatibility, finalized
}

/// The state of the farm (or of a subset of its nodes) after some steps.
struct FarmState: Hashable {
    /// Node bits (`NodeBits`), per node or per slot of a component.
    var nodes: [UInt8]
    /// Global index of the node holding the PWP, or -1.
    var pwp: Int32
    /// The ZDU phase.
    var phase: ZDUPhase

    /// Applies a step's effect (TEAM.md step semantics). `a`/`b` are slots into `nodes` (-1 when absent);
    /// `bGlobal` is the global index of the handover target.
    mutating func apply(_ kind: StepKind, a: Int, b: Int, bGlobal: Int32) {
        switch kind {
        case .cpStandby: if a >= 0 { nodes[a] |= NodeBits.standby }
        case .cpActivate: if a >= 0 { nodes[a] &= ~NodeBits.standby }
        case .wpStop: if a >= 0 { nodes[a] &= ~(NodeBits.running | NodeBits.runningTarget) }
        case .binariesInstall: if a >= 0 { nodes[a] |= NodeBits.installedTarget }
        case .processesStart:
            if a >= 0 {
                let target = nodes[a] & NodeBits.installedTarget != 0
                nodes[a] = (nodes[a] & ~NodeBits.runningTarget) | NodeBits.running | (target ? NodeBits.runningTarget : 0)
            }
        case .pwpHandover: if b >= 0 { pwp = bGlobal }
        case .zduPrepare: if phase == .off { phase = .compatibility }
        case .zduFinalize:
            phase = .finalized
            for slot in nodes.indices where nodes[slot] & (NodeBits.running | NodeBits.runningTarget) == NodeBits.running {
                nodes[slot] &= ~NodeBits.running
            }
        case .zduRollback: if phase == .compatibility { phase = .off }
        case .binariesStage, .agentsAwaitFailover, .agentsAwaitHome, .healthVerify, .gate: break
        }
    }
}
