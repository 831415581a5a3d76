import NodeContract
import UpgradePlan

/// A simulated AE farm as a pure, deterministic state machine: commands, faults and time go in, state comes out.
///
/// No clock and no I/O inside: the shell (`FarmEngine`) calls `advance(to:)` with simulated seconds and performs the
/// `FarmAction`s that fault injection returns. The same topology, options, commands and times give the same farm.
public struct FarmModel: Sendable {
    /// A CP's place: node index and CP index within the node.
    struct CPRef: Sendable, Equatable {
        var node: Int32
        var index: Int32
    }

    /// The PWP's place: node index and WP index within the node.
    struct PWPRef: Sendable, Equatable {
        var node: Int
        var wp: Int
    }

    /// An operation and what it needs to finish.
    struct OperationRecord: Sendable, Equatable {
        var operation: Operation
        var command: Command
        /// Node index it acts on (or was posted to, for system operations).
        var node: Int
        /// When it completes; nil while it waits for something else (a drain).
        var completesAt: Double?
        /// Order of creation, to complete simultaneous operations deterministically.
        var sequence: Int
    }

    /// Simulated seconds since the farm started.
    public internal(set) var now: Double = 0
    /// The options the farm runs with.
    public let options: SimulationOptions
    /// System name.
    let system: String
    /// Operation durations in seconds.
    let durations: Durations
    /// Datacenter names.
    let datacenters: [String]
    /// NetArea names, datacenter indices and fallbacks (as NetArea indices, in order).
    let netAreaNames: [String]
    let netAreaDatacenter: [Int]
    let netAreaFallback: [[Int]]
    /// Agents that belong to each NetArea.
    let agentsPerNetArea: [Int]
    /// Node index by name.
    let nodeIndex: [String: Int]

    var nodes: [SimNode] = []
    var cpRefs: [CPRef] = []
    /// NetArea and datacenter index per CP (global index), fixed at start.
    var cpNetArea: [Int32] = []
    var cpDatacenter: [Int32] = []
    /// Whether each CP runs and is active, valid with `activeCPs`.
    var cpActive: [Bool] = []
    /// Whether a partition separates datacenter i from j, valid with `activeCPs`.
    var blocked: [[Bool]] = []
    var agents: [SimAgent] = []
    var pwp: PWPRef?
    var takeoverAt: Double?
    var zdu: ZDUState
    var autoFinalized = false
    var operations: [String: OperationRecord] = [:]
    var operationByKey: [String: String] = [:]
    var nextSequence = 1
    var systemOperation: String?
    var effectsPerKey: [String: Int] = [:]
    var faults: [Fault] = []
    var rng: SplitMix64
    var stats = FarmStats()
    /// Active CPs per NetArea (global CP indices), valid when `connectivityDirty` is false.
    var activeCPs: [[Int32]] = []
    /// Active CPs agents of NetArea i can reach, per NetArea j: `reachableCPs[i][j]` (valid with `activeCPs`).
    var reachableCPs: [[[Int32]]] = []
    /// Ids of the operations that run, in creation order.
    var runningOperations: [String] = []
    var connectivityDirty = true
    /// Where the next share of started jobs begins, so remainders spread over nodes.
    var jobCursor = 0

    /// Builds the farm of a topology: every process running the base version, CPs active, agents at home.
    public init(topology: Topology, options: SimulationOptions = SimulationOptions()) {
        self.options = options
        system = topology.system
        durations = options.durations ?? topology.policy.durations
        datacenters = topology.datacenters
        let naNames = topology.netAreas.map(\.name)
        netAreaNames = naNames
        netAreaDatacenter = topology.netAreas.map { topology.datacenters.firstIndex(of: $0.datacenter) ?? 0 }
        netAreaFallback = topology.netAreas.map { na in na.fallback.compactMap { naNames.firstIndex(of: $0) } }
        agentsPerNetArea = naNames.map { topology.agentCount(in: $0) }
        nodeIndex = Dictionary(
            topology.nodes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        zdu = ZDUState(phase: .off, base: topology.versions.base)
        rng = SplitMix64(seed: options.seed)
        let base = topology.versions.base
        for (index, node) in topology.nodes.enumerated() {
            let process = SimProcess(state: .running, version: base, cpMode: .active)
            let simNode = SimNode(
                name: node.name, datacenter: node.datacenter,
                datacenterIndex: topology.datacenters.firstIndex(of: node.datacenter) ?? 0,
                netArea: node.netArea, netAreaIndex: naNames.firstIndex(of: node.netArea) ?? 0,
                installedVersion: base, cpModeSetting: .active,
                wps: Array(repeating: process, count: node.wps), cps: Array(repeating: process, count: node.cps),
                firstCP: cpRefs.count)
            for cp in 0..<node.cps {
                cpRefs.append(CPRef(node: Int32(index), index: Int32(cp)))
                cpNetArea.append(Int32(simNode.netAreaIndex))
                cpDatacenter.append(Int32(simNode.datacenterIndex))
            }
            nodes.append(simNode)
            if node.pwp && pwp == nil && node.wps > 0 { pwp = PWPRef(node: index, wp: 0) }
        }
        if pwp == nil, let first = nodes.firstIndex(where: { !$0.wps.isEmpty }) { pwp = PWPRef(node: first, wp: 0) }
        let interval = submissionInterval
        for (na, count) in agentsPerNetArea.enumerated() {
            for _ in 0..<count {
                let phase = interval.isFinite ? Double(rng.next() % 1_000_000) / 1_000_000 * interval : 0
                agents.append(SimAgent(home: Int32(na), phase: phase))
            }
        }
        stats.secondsWithoutReachableCP = Array(repeating: 0, count: naNames.count)
        refreshConnectivity()
        for index in agents.indices { connectAtHomeOrFallback(index) }
    }

    /// Simulated seconds between two jobs of one agent (`.infinity` without workload).
    var submissionInterval: Double {
        options.jobsPerAgentPerMinute > 0 ? 60 / options.jobsPerAgentPerMinute : .infinity
    }

    /// Whether a CP (global index) runs and is active.
    func isActive(_ cp: Int) -> Bool {
        let ref = cpRefs[cp]
        let process = nodes[Int(ref.node)].cps[Int(ref.index)]
        return process.state == .running && process.cpMode == .active
    }

    /// The datacenter index of a CP (global index).
    func datacenterOfCP(_ cp: Int) -> Int {
        nodes[Int(cpRefs[cp].node)].datacenterIndex
    }

    /// Whether a partition fault separates two datacenters.
    func partitioned(_ left: Int, _ right: Int) -> Bool {
        guard left != right else { return false }
        return faults.contains { fault in
            guard fault.kind == .partition, let pair = fault.datacenters, pair.count == 2 else { return false }
            let names = Set(pair)
            return names == [datacenters[left], datacenters[right]]
        }
    }
}
