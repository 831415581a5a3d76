/// `GET /v1/node`: one node as it is now.
public struct NodeState: Sendable, Equatable, Codable {
    /// Node name, e.g. `AE_1A`.
    public var name: String
    /// Datacenter of the node.
    public var datacenter: String
    /// NetArea of the node's CPs.
    public var netArea: String
    /// Version of the installed binaries (what processes start with).
    public var installedVersion: String
    /// Version staged on the node and ready to install, if any.
    public var stagedVersion: String?
    /// The node's processes.
    public var processes: [ProcessState]

    /// Creates a node state.
    public init(
        name: String, datacenter: String, netArea: String, installedVersion: String,
        stagedVersion: String? = nil, processes: [ProcessState]
    ) {
        self.name = name
        self.datacenter = datacenter
        self.netArea = netArea
        self.installedVersion = installedVersion
        self.stagedVersion = stagedVersion
        self.processes = processes
    }
}

/// Kind of an AE server process.
public enum ProcessKind: String, Sendable, Equatable, Codable, CaseIterable {
    /// Work process.
    case wp = "WP"
    /// Communication process.
    case cp = "CP"
}

/// Life-cycle state of a process.
public enum ProcessRunState: String, Sendable, Equatable, Codable, CaseIterable {
    /// Serving.
    case running
    /// Finishing its work before it stops (WPs only).
    case draining
    /// Not running.
    case stopped
}

/// Mode of a CP.
public enum CPMode: String, Sendable, Equatable, Codable, CaseIterable {
    /// Serves clients and agents.
    case active
    /// Hot standby: serves nobody, activated when no other CP is active.
    case standby
}

/// One process of a node.
public struct ProcessState: Sendable, Equatable, Codable {
    /// WP or CP.
    public var kind: ProcessKind
    /// Process id, unique in the system, e.g. `AE_1A/WP1`.
    public var id: String
    /// Running, draining or stopped.
    public var state: ProcessRunState
    /// Version the process runs (or last ran).
    public var version: String
    /// For a CP: active or standby. Nil for a WP.
    public var cpMode: CPMode?
    /// For a WP: whether it is the primary work process.
    public var pwp: Bool
    /// For a CP: its NetArea. Nil for a WP.
    public var netArea: String?

    /// Creates a process state.
    public init(
        kind: ProcessKind, id: String, state: ProcessRunState, version: String,
        cpMode: CPMode? = nil, pwp: Bool = false, netArea: String? = nil
    ) {
        self.kind = kind
        self.id = id
        self.state = state
        self.version = version
        self.cpMode = cpMode
        self.pwp = pwp
        self.netArea = netArea
    }
}
