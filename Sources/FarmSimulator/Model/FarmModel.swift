import NodeContract
import UpgradePlan

/// A simulated AE farm as a pure, deterministic state machine: commands, wizard steps, faults and time go in,
/// state comes out.
///
/// No clock and no I/O inside: the shell (`FarmEngine`) calls `advance(to:)` with simulated seconds and performs the
/// `FarmAction`s that fault injection returns. The same topology, options, inputs and times give the same farm.
/// Every behaviour reproduces a fact of docs/ae-model.md, named beside it.
public struct FarmModel: Sendable {
    /// A CP's or JCP's place: node, set and index within the set, with what agents need to choose it.
    struct ServerRef: Sendable, Equatable {
        var node: Int32
        var set: ProcessSet
        var index: Int32
        /// 0: CP, 1: JCP.
        var via: Int8
        var netArea: Int32
        var datacenter: Int32
    }

    /// A process's place: node, set and index within the set.
    struct ProcessRef: Sendable, Equatable {
        var node: Int
        var set: ProcessSet
        var index: Int
    }

    /// An operation and what it needs to finish.
    struct OperationRecord: Sendable, Equatable {
        var operation: Operation
        var command: Command
        /// Node index it acts on.
        var node: Int
        /// When it completes; nil while it waits for something else (a drain).
        var completesAt: Double?
        /// Order of creation, to complete simultaneous operations deterministically.
        var sequence: Int
        /// Other Idempotency-Keys that joined it while it ran (a POST of the same command under another key).
        var joinedKeys: [String] = []
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
    /// NetArea names, datacenter indices and declared fallbacks (as NetArea indices, in order; AE-NETAREA-2).
    let netAreaNames: [String]
    let netAreaDatacenter: [Int]
    let netAreaFallback: [[Int]]
    /// Agents per NetArea and kind, index `netArea * 2 + via` (via 0: CP, 1: JCP).
    let agentsByKind: [Int]
    /// Node index by name.
    let nodeIndex: [String: Int]

    var nodes: [SimNode] = []
    /// Every CP and JCP of the farm, base and target, fixed at start.
    var servers: [ServerRef] = []
    var agents: [SimAgent] = []
    var pwp: ProcessRef?
    var takeoverAt: Double?
    var zdu: ZDUState
    var autoFinalized = false
    var operations: [String: OperationRecord] = [:]
    var operationByKey: [String: String] = [:]
    var nextSequence = 1
    /// Next value of `SimProcess.startOrder`.
    var nextStartOrder = 0
    var effectsPerKey: [String: Int] = [:]
    var faults: [Fault] = []
    var rng: SplitMix64
    var stats = FarmStats()
    /// Ids of the operations that run, in creation order.
    var runningOperations: [String] = []
    /// Where the next share of started jobs begins, so remainders spread over nodes.
    var jobCursor = 0
    /// Whether the connectivity below must be recomputed (processes, phase or partitions changed).
    var connectivityDirty = true
    /// Per server: whether it serves agents now (FarmModel+Serving).
    var serving: [Bool] = []
    /// Per server: whether it is of the preferred version (target after the switch, base before it).
    var preferred: [Bool] = []
    /// Whether a partition separates datacenter i from j.
    var blocked: [[Bool]] = []
    /// Per NetArea and kind (`netArea * 2 + via`): the servers its agents pick from now (the best tier reachable).
    var choice: [[Int32]] = []
    /// Per NetArea and kind: whether `choice` holds preferred servers.
    var choicePreferred: [Bool] = []
    /// Per node: its running (not draining) WPs of the serving set, the weights of new jobs (FarmModel+Jobs).
    /// Refreshed with the connectivity: every change of a process's state or of the ZDU phase marks it dirty.
    var servingWPs: [Int] = []
    /// Whether every agent kept its process, has no waiting job and nothing scheduled, and jobs could run, at the end
    /// of the last step; cleared when the connectivity is recomputed. Steps then only count submissions.
    var agentsSettled = false
    /// Every agent's submission phase, ascending: a settled step counts its submissions from here.
    var sortedPhases: [Double] = []

    /// Builds the farm of a topology: every base process running, the topology's PWP node holding the PWP, every
    /// agent connected to a CP or JCP (per its group) of its own NetArea.
    public init(topology: Topology, options: SimulationOptions = SimulationOptions()) {
        self.options = options
        system = topology.system
        durations = options.durations ?? topology.policy.durations
        datacenters = topology.datacenters
        let naNames = topology.netAreas.map(\.name)
        netAreaNames = naNames
        netAreaDatacenter = topology.netAreas.map { topology.datacenters.firstIndex(of: $0.datacenter) ?? 0 }
        netAreaFallback = topology.netAreas.map { na in na.fallback.compactMap { naNames.firstIndex(of: $0) } }
        agentsByKind = naNames.flatMap { name in
            AgentConnection.allCases.map { topology.agentCount(in: name, via: $0) }
        }
        nodeIndex = Dictionary(
            topology.nodes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        zdu = ZDUState(phase: .off, base: topology.versions.base)
        rng = SplitMix64(seed: options.seed)
        let base = topology.versions.base
        for node in topology.nodes {
            let layout = ProcessLayout.processes(
                wps: node.wps, cps: node.cps, jwps: node.jwps, jcps: node.jcps, rest: node.rest, version: base)
            nodes.append(SimNode(
                name: node.name, datacenter: node.datacenter,
                datacenterIndex: topology.datacenters.firstIndex(of: node.datacenter) ?? 0,
                netArea: node.netArea, netAreaIndex: naNames.firstIndex(of: node.netArea) ?? 0,
                installedVersion: base, processes: [layout, layout]))
            nodes[nodes.count - 1].wizardSteps = node.simulatedWizard.compactMap(WizardStepName.init(rawValue:))
        }
        registerServers()
        startInitialProcesses(pwpNode: topology.nodes.firstIndex { $0.pwp && $0.wps > 0 })
        createAgents(topology.agents)
    }

    /// Records every CP and JCP, base and target, as a server agents may connect to.
    private mutating func registerServers() {
        for (node, simNode) in nodes.enumerated() {
            for set in ProcessSet.allCases {
                let processes = simNode.processes[set.rawValue]
                for (index, process) in processes.enumerated() where process.kind.isCommunication {
                    servers.append(ServerRef(
                        node: Int32(node), set: set, index: Int32(index), via: process.kind == .cp ? 0 : 1,
                        netArea: Int32(simNode.netAreaIndex), datacenter: Int32(simNode.datacenterIndex)))
                }
            }
        }
    }

    /// Starts every base process, the PWP node's first WP first so it becomes PWP (AE-PWP-1, AE-ORDER-1).
    private mutating func startInitialProcesses(pwpNode: Int?) {
        let hasWP = { (node: SimNode) in node.processes[0].contains { $0.kind == .wp } }
        if let first = pwpNode ?? nodes.firstIndex(where: hasWP),
           let wp = nodes[first].processes[0].firstIndex(where: { $0.kind == .wp }) {
            start(ProcessRef(node: first, set: .base, index: wp), version: zdu.base)
        }
        for node in nodes.indices {
            for index in nodes[node].processes[0].indices where nodes[node].processes[0][index].state == .stopped {
                start(ProcessRef(node: node, set: .base, index: index), version: zdu.base)
            }
        }
    }

    /// Creates the agents of every group, spreading their job submissions by the seed, and connects them.
    private mutating func createAgents(_ groups: [AgentGroup]) {
        let interval = submissionInterval
        for group in groups {
            guard let na = netAreaNames.firstIndex(of: group.netArea) else { continue }
            for _ in 0..<max(0, group.count) {
                let phase = interval.isFinite ? Double(rng.next() % 1_000_000) / 1_000_000 * interval : 0
                agents.append(SimAgent(home: Int32(na), via: group.connectsTo == .cp ? 0 : 1, phase: phase))
            }
        }
        stats.secondsWithoutServing = Array(repeating: 0, count: netAreaNames.count)
        stats.secondsWithoutServingByKind = Array(repeating: 0, count: netAreaNames.count * 2)
        sortedPhases = agents.map(\.phase).sorted()
        refreshConnectivity()
        for index in agents.indices { connect(index) }
    }

    /// Simulated seconds between two jobs of one agent (`.infinity` without workload).
    var submissionInterval: Double {
        options.jobsPerAgentPerMinute > 0 ? 60 / options.jobsPerAgentPerMinute : .infinity
    }

    /// The process at a place.
    func process(_ ref: ProcessRef) -> SimProcess {
        nodes[ref.node].processes[ref.set.rawValue][ref.index]
    }

    /// Whether a partition fault separates two datacenters.
    func partitioned(_ left: Int, _ right: Int) -> Bool {
        guard left != right else { return false }
        return faults.contains { fault in
            guard fault.kind == .partition, let pair = fault.datacenters, pair.count == 2 else { return false }
            return Set(pair) == [datacenters[left], datacenters[right]]
        }
    }
}
