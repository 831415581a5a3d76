/// An AE system spread over datacenters: the input the planner works from.
///
/// Field names are the contract with users (see README, "Topology schema"): fields may be added, none renamed.
public struct Topology: Sendable, Equatable, Codable {
    /// The AE system name, e.g. `PROD`.
    public var system: String
    /// The version the farm runs now and the version it is upgraded to.
    public var versions: Versions
    /// Datacenter names, in the order the operator declared them.
    public var datacenters: [String]
    /// NetAreas: groups of CPs that agents connect to, with their declared fallbacks.
    public var netAreas: [NetArea]
    /// The AE servers of the system.
    public var nodes: [Node]
    /// Agents per NetArea.
    public var agents: [AgentGroup]
    /// Limits and gates the upgrade must respect.
    public var policy: Policy

    /// Creates a topology from its parts.
    public init(
        system: String, versions: Versions, datacenters: [String], netAreas: [NetArea],
        nodes: [Node], agents: [AgentGroup], policy: Policy = Policy()
    ) {
        self.system = system
        self.versions = versions
        self.datacenters = datacenters
        self.netAreas = netAreas
        self.nodes = nodes
        self.agents = agents
        self.policy = policy
    }

    /// The node holding the primary work process, if exactly one is marked.
    public var pwpNode: Node? {
        let marked = nodes.filter(\.pwp)
        return marked.count == 1 ? marked[0] : nil
    }

    /// The node with the given name.
    public func node(named name: String) -> Node? {
        nodes.first { $0.name == name }
    }

    /// The NetArea with the given name.
    public func netArea(named name: String) -> NetArea? {
        netAreas.first { $0.name == name }
    }

    /// Total agents declared for a NetArea.
    public func agentCount(in netArea: String) -> Int {
        agents.filter { $0.netArea == netArea }.reduce(0) { $0 + $1.count }
    }
}

/// Base and target AE versions.
public struct Versions: Sendable, Equatable, Codable {
    /// The version the farm runs before the upgrade, e.g. `21.0.5`.
    public var base: String
    /// The version the farm runs after the upgrade, e.g. `24.4.1`.
    public var target: String

    /// Creates a version pair.
    public init(base: String, target: String) {
        self.base = base
        self.target = target
    }
}

/// A NetArea (`NetArea=` in a CP's ini file) and the NetAreas its agents may fall back to, in order.
public struct NetArea: Sendable, Equatable, Codable {
    /// The NetArea name, e.g. `NA_DC1`.
    public var name: String
    /// The datacenter the NetArea belongs to.
    public var datacenter: String
    /// NetAreas whose CPs this NetArea's agents may use when none of their own is active, in order.
    public var fallback: [String]

    /// Creates a NetArea.
    public init(name: String, datacenter: String, fallback: [String] = []) {
        self.name = name
        self.datacenter = datacenter
        self.fallback = fallback
    }
}

/// One AE server and the processes it runs.
public struct Node: Sendable, Equatable, Codable {
    /// The node name, e.g. `AE_1A`.
    public var name: String
    /// The datacenter the node sits in.
    public var datacenter: String
    /// Base URL of the node's endpoint speaking the node contract.
    public var endpoint: String
    /// Number of work processes.
    public var wps: Int
    /// Number of communication processes.
    public var cps: Int
    /// The NetArea of this node's CPs.
    public var netArea: String
    /// Whether this node holds the primary work process now.
    public var pwp: Bool

    /// Creates a node.
    public init(
        name: String, datacenter: String, endpoint: String, wps: Int, cps: Int, netArea: String, pwp: Bool = false
    ) {
        self.name = name
        self.datacenter = datacenter
        self.endpoint = endpoint
        self.wps = wps
        self.cps = cps
        self.netArea = netArea
        self.pwp = pwp
    }
}

/// A number of agents that belong to one NetArea.
public struct AgentGroup: Sendable, Equatable, Codable {
    /// The NetArea the agents prefer.
    public var netArea: String
    /// How many agents.
    public var count: Int

    /// Creates an agent group.
    public init(netArea: String, count: Int) {
        self.netArea = netArea
        self.count = count
    }
}
