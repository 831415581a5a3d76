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

    /// Total agents declared for a NetArea (of one connection kind, or of both when `kind` is nil).
    public func agentCount(in netArea: String, via kind: AgentConnection? = nil) -> Int {
        agents.filter { $0.netArea == netArea && (kind == nil || $0.connectsTo == kind) }
            .reduce(0) { $0.addingReportingOverflow($1.count).overflow ? Int.max : $0 + $1.count }
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

/// A NetArea (`NetArea=` in a CP's or JCP's ini file) and the fallback a site declared for its agents.
///
/// AE promises no fallback to another NetArea (docs/ae-model.md AE-NETAREA-2): agents reconnect only from the CP
/// list of their own NetArea. A site may provide one (a load balancer or DNS name, or a second address in the
/// agents' ini); the topology declares it with its mechanism, and nothing else is assumed.
public struct NetArea: Sendable, Equatable, Codable {
    /// The NetArea name, e.g. `NA_DC1`.
    public var name: String
    /// The datacenter the NetArea belongs to.
    public var datacenter: String
    /// NetAreas whose CPs/JCPs this NetArea's agents reach through the site's fallback, in order.
    public var fallback: [String]
    /// How the site's fallback works; nil exactly when `fallback` is empty.
    public var fallbackMechanism: FallbackMechanism?

    /// Creates a NetArea.
    public init(name: String, datacenter: String, fallback: [String] = [], fallbackMechanism: FallbackMechanism? = nil) {
        self.name = name
        self.datacenter = datacenter
        self.fallback = fallback
        self.fallbackMechanism = fallbackMechanism
    }
}

/// How a site lets a NetArea's agents reach another NetArea's CPs/JCPs when their own are gone.
public enum FallbackMechanism: String, Sendable, Equatable, Codable, CaseIterable {
    /// The agents' `cp=`/`connection=` names a load balancer that also fronts the other NetArea.
    case loadBalancer
    /// The agents' `cp=`/`connection=` names a DNS entry that resolves to the other NetArea when needed.
    case dns
    /// The agents' ini lists an address in the other NetArea as well.
    case agentIni
}

/// One AE server and the processes it runs (docs/ae-model.md AE-PROC-1).
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
    /// Number of Java work processes (v21 and later).
    public var jwps: Int
    /// Number of Java communication processes (v21 and later).
    public var jcps: Int
    /// Number of REST processes (v21 and later).
    public var rest: Int
    /// The NetArea of this node's CPs and JCPs.
    public var netArea: String
    /// Whether this node holds the primary work process now.
    public var pwp: Bool
    /// For `aeupgrade-sim` only: the AE wizard steps (`dbload`, `switch`, `finalize`, `rollback`) this simulated
    /// node performs on `POST /v1/wizard/{step}`, as a real node with a `wizard:` section in its node.yaml. Not
    /// part of the plan (not in plan files, not hashed): a real farm's nodes say it in `GET /v1/node`.
    public var simulatedWizard: [String] = []

    /// Creates a node.
    public init(
        name: String, datacenter: String, endpoint: String, wps: Int, cps: Int, jwps: Int = 0, jcps: Int = 0,
        rest: Int = 0, netArea: String, pwp: Bool = false
    ) {
        self.name = name
        self.datacenter = datacenter
        self.endpoint = endpoint
        self.wps = wps
        self.cps = cps
        self.jwps = jwps
        self.jcps = jcps
        self.rest = rest
        self.netArea = netArea
        self.pwp = pwp
    }

    /// Processes of one kind on the node.
    public func count(_ kind: AgentConnection) -> Int {
        kind == .cp ? cps : jcps
    }

    /// All the node's processes.
    public var processCount: Int { wps + cps + jwps + jcps + rest }
}

/// The kind of process an agent group connects to (docs/ae-model.md AE-JCP-1).
public enum AgentConnection: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// Communication processes.
    case cp = "CP"
    /// Java communication processes (Windows, UNIX and Java agents from v21).
    case jcp = "JCP"
}

/// A number of agents that belong to one NetArea and connect to one kind of process.
public struct AgentGroup: Sendable, Equatable, Codable {
    /// The NetArea the agents belong to.
    public var netArea: String
    /// How many agents.
    public var count: Int
    /// Whether they connect to CPs or JCPs.
    public var connectsTo: AgentConnection

    /// Creates an agent group.
    public init(netArea: String, count: Int, connectsTo: AgentConnection = .cp) {
        self.netArea = netArea
        self.count = count
        self.connectsTo = connectsTo
    }
}
