/// The static facts of a topology the validator needs, indexed by integer: nodes, datacenters, NetAreas, agents; and
/// what the plan leaves undone per node (`Completion`).
final class Farm {
    /// One group of agents: its NetArea, the kind it connects to (0 CP, 1 JCP), its size, and the NetAreas it may
    /// use (itself first, then its declared fallbacks).
    struct AgentEntry {
        let area: Int
        let kind: Int
        let agents: Int
        let reach: [Int]
    }

    let topology: Topology
    let names: [String]
    let nodeIndex: [String: Int]
    let datacenter: [Int]
    let datacenterNames: [String]
    let netArea: [Int]
    let netAreaNames: [String]
    let wps: [Int]
    let cps: [Int]
    let jcps: [Int]
    let agentEntries: [AgentEntry]
    /// For each NetArea, the indices into `agentEntries` whose reach contains it.
    let reachedBy: [[Int]]
    /// The node holding the PWP before the upgrade, or -1.
    let initialPWP: Int
    let policy: Policy
    /// What the plan leaves undone on each node (invariant 9); `.none` for every node without a plan.
    let unfinished: [Completion.Gap]

    init(_ topology: Topology, unfinished: [Completion.Gap]? = nil) {
        self.topology = topology
        self.unfinished = unfinished ?? [Completion.Gap](repeating: .none, count: topology.nodes.count)
        policy = topology.policy
        names = topology.nodes.map(\.name)
        var nodeIndex: [String: Int] = [:]
        for (index, name) in names.enumerated() where nodeIndex[name] == nil { nodeIndex[name] = index }
        self.nodeIndex = nodeIndex
        var dcNames = topology.datacenters
        var dcIndex: [String: Int] = [:]
        for (index, name) in dcNames.enumerated() where dcIndex[name] == nil { dcIndex[name] = index }
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
        jcps = topology.nodes.map(\.jcps)
        var sums: [Int: Int] = [:]
        var order: [Int] = []
        for group in topology.agents where group.count > 0 {
            let key = intern(group.netArea, &areaIndex, &areaNames) * 2 + (group.connectsTo == .cp ? 0 : 1)
            if sums[key] == nil { order.append(key) }
            sums[key] = min((sums[key] ?? 0) + group.count, Int.max / 2)
        }
        var fallback: [String: [String]] = [:]
        for area in topology.netAreas where fallback[area.name] == nil { fallback[area.name] = area.fallback }
        var entries: [AgentEntry] = []
        for key in order {
            let area = key / 2
            var reach = [area]
            for name in fallback[areaNames[area]] ?? [] {
                let other = intern(name, &areaIndex, &areaNames)
                if !reach.contains(other) { reach.append(other) }
            }
            entries.append(AgentEntry(area: area, kind: key % 2, agents: sums[key] ?? 0, reach: reach))
        }
        var reachedBy = [[Int]](repeating: [], count: areaNames.count)
        for (position, entry) in entries.enumerated() {
            for area in entry.reach { reachedBy[area].append(position) }
        }
        agentEntries = entries
        self.reachedBy = reachedBy
        datacenterNames = dcNames
        netAreaNames = areaNames
        initialPWP = topology.nodes.firstIndex(where: \.pwp) ?? -1
    }

    var count: Int { names.count }

    /// Every node as a slot of its own (whole-farm states).
    var allSlots: Slots {
        Slots(global: (0..<count).map { Int32($0) }, hasWPs: wps.map { $0 > 0 })
    }

    /// The farm before any step: every base process running, no target process, ZDU off.
    var initialState: FarmState {
        FarmState(nodes: [UInt8](repeating: NodeBits.baseCPs | NodeBits.baseWPs, count: count),
                  pwp: Int32(initialPWP), phase: .off)
    }

    /// The kind name of an agent entry.
    static func kindName(_ kind: Int) -> String { kind == 0 ? "CP" : "JCP" }
}

/// Bits of one node's state in `FarmState.nodes`.
enum NodeBits {
    /// The node's base CPs and JCPs run (cleared by cp.drain and by finalize, never set again).
    static let baseCPs: UInt8 = 1
    /// The node's base WPs, JWPs and REST run (cleared by wp.stop and by finalize, never set again).
    static let baseWPs: UInt8 = 2
    /// The node's target processes run (set by target.start).
    static let target: UInt8 = 4
    /// Both base bits.
    static let base: UInt8 = baseCPs | baseWPs
}

/// ZDU phase of the system, in the order the wizard moves through it.
enum ZDUPhase: UInt8, Hashable, Comparable {
    case off, compatibility, switched, finalized

    static func < (lhs: ZDUPhase, rhs: ZDUPhase) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Global indices and WP presence of the nodes a state's slots stand for, ascending by global index.
struct Slots {
    /// Global node index of each slot.
    let global: [Int32]
    /// Whether each slot's node has WPs (can hold the PWP).
    let hasWPs: [Bool]
}

/// The state of the farm (or of a subset of its nodes) after some steps.
struct FarmState: Hashable {
    /// Node bits (`NodeBits`), per node or per slot of a component.
    var nodes: [UInt8]
    /// Global index of the node holding the PWP, or -1.
    var pwp: Int32
    /// The ZDU phase.
    var phase: ZDUPhase

    /// Applies a step's effect (see `StepKind`); `a` is the step's node slot (-1 when absent).
    mutating func apply(_ kind: StepKind, a: Int, slots: Slots) {
        switch kind {
        case .cpDrain: if a >= 0 { nodes[a] &= ~NodeBits.baseCPs }
        case .wpStop: if a >= 0 { nodes[a] &= ~NodeBits.baseWPs }
        case .targetStart: if a >= 0 { nodes[a] |= NodeBits.target }
        case .targetStop: if a >= 0 { nodes[a] &= ~NodeBits.target }
        case .zduDBLoad: if phase == .off { phase = .compatibility }
        case .zduSwitch:
            guard phase == .compatibility else { break }
            phase = .switched
            // The wizard moves the PWP to a target WP (AE-ZDU-4): the first node with running target WPs.
            pwp = -1
            for slot in nodes.indices where nodes[slot] & NodeBits.target != 0 && slots.hasWPs[slot] {
                pwp = slots.global[slot]
                break
            }
        case .zduRollback: if phase == .switched { phase = .compatibility }
        case .zduFinalize:
            phase = .finalized
            for slot in nodes.indices { nodes[slot] &= ~NodeBits.base }
        case .binariesStage, .agentsAwaitReconnect, .targetVerify, .gate: break
        }
    }
}
