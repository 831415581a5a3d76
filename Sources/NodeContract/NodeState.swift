/// `GET /v1/node`: one node as it is now.
///
/// A node of a ZDU split installation (docs/ae-model.md AE-ZDU-9) has two sets of processes: the base processes,
/// started from the base binaries, and the target processes, started from the target binaries staged in their own
/// directory. Each process says which version it runs.
public struct NodeState: Sendable, Equatable, Codable {
    /// Node name, e.g. `AE_1A`.
    public var name: String
    /// Datacenter of the node.
    public var datacenter: String
    /// NetArea of the node's CPs and JCPs.
    public var netArea: String
    /// Version of the base binaries (what the base processes run).
    public var installedVersion: String
    /// Version of the target binaries staged in their own directory, if any.
    public var stagedVersion: String?
    /// The node's processes, base and target.
    public var processes: [ProcessState]
    /// The AWI wizard steps this node performs with the site's own command (`POST /v1/wizard/{step}`), as
    /// `WizardStepName` raw values; empty for most nodes (absent in the JSON, and decoded as empty when absent).
    public var wizardSteps: [String]

    /// Creates a node state.
    public init(
        name: String, datacenter: String, netArea: String, installedVersion: String,
        stagedVersion: String? = nil, processes: [ProcessState], wizardSteps: [String] = []
    ) {
        self.name = name
        self.datacenter = datacenter
        self.netArea = netArea
        self.installedVersion = installedVersion
        self.stagedVersion = stagedVersion
        self.processes = processes
        self.wizardSteps = wizardSteps
    }

    private enum CodingKeys: String, CodingKey {
        case name, datacenter, netArea, installedVersion, stagedVersion, processes, wizardSteps
    }

    /// Decodes a node; a server older than `wizardSteps` sends none: no wizard step.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        datacenter = try container.decode(String.self, forKey: .datacenter)
        netArea = try container.decode(String.self, forKey: .netArea)
        installedVersion = try container.decode(String.self, forKey: .installedVersion)
        stagedVersion = try container.decodeIfPresent(String.self, forKey: .stagedVersion)
        processes = try container.decode([ProcessState].self, forKey: .processes)
        wizardSteps = try container.decodeIfPresent([String].self, forKey: .wizardSteps) ?? []
    }

    /// Encodes a node; `wizardSteps` only when there are some (a client older than it sees the same JSON).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(datacenter, forKey: .datacenter)
        try container.encode(netArea, forKey: .netArea)
        try container.encode(installedVersion, forKey: .installedVersion)
        try container.encodeIfPresent(stagedVersion, forKey: .stagedVersion)
        try container.encode(processes, forKey: .processes)
        if !wizardSteps.isEmpty { try container.encode(wizardSteps, forKey: .wizardSteps) }
    }
}

/// Kind of an AE server process (docs/ae-model.md AE-PROC-1).
public enum ProcessKind: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// Work process.
    case wp = "WP"
    /// Communication process: serves agents that connect to CPs.
    case cp = "CP"
    /// Java work process (v21 and later).
    case jwp = "JWP"
    /// Java communication process (v21 and later): serves Windows, UNIX and Java agents and the AWI.
    case jcp = "JCP"
    /// REST process (v21 and later).
    case rest = "REST"

    /// Whether agents connect to processes of this kind.
    public var servesAgents: Bool { self == .cp || self == .jcp }
}

/// Life-cycle state of a process.
public enum ProcessRunState: String, Sendable, Equatable, Codable, CaseIterable {
    /// Running.
    case running
    /// Stopping: takes no new work and ends when its running work is done (WPs only).
    case draining
    /// Not running.
    case stopped
}

/// One process of a node.
public struct ProcessState: Sendable, Equatable, Codable {
    /// WP, CP, JWP, JCP or REST.
    public var kind: ProcessKind
    /// Process id, unique in the system, e.g. `AE_1A/WP1` (base) or `AE_1A/WP1@24.4.4` (target).
    public var id: String
    /// Running, draining or stopped.
    public var state: ProcessRunState
    /// Version the process runs (or last ran): the base or the target version.
    public var version: String
    /// For a WP: whether it is the primary work process.
    public var pwp: Bool
    /// For a CP or JCP: its NetArea. Nil for other kinds.
    public var netArea: String?

    /// Creates a process state.
    public init(
        kind: ProcessKind, id: String, state: ProcessRunState, version: String, pwp: Bool = false,
        netArea: String? = nil
    ) {
        self.kind = kind
        self.id = id
        self.state = state
        self.version = version
        self.pwp = pwp
        self.netArea = netArea
    }
}
