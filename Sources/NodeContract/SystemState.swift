/// `GET /v1/system`: the AE system as a whole.
public struct SystemState: Sendable, Equatable, Codable {
    /// System name, e.g. `PROD`.
    public var system: String
    /// Where the primary work process runs, or nil during a takeover gap.
    public var pwp: PWPLocation?
    /// Zero Downtime Upgrade state.
    public var zdu: ZDUState
    /// `UP` when a PWP runs and at least one CP is active, else `DOWN`.
    public var health: Health
    /// Agents per NetArea and the CPs they use.
    public var netAreas: [NetAreaAgents]

    /// Creates a system state.
    public init(system: String, pwp: PWPLocation?, zdu: ZDUState, health: Health, netAreas: [NetAreaAgents]) {
        self.system = system
        self.pwp = pwp
        self.zdu = zdu
        self.health = health
        self.netAreas = netAreas
    }
}

/// The node and process holding the PWP role.
public struct PWPLocation: Sendable, Equatable, Codable {
    /// Node name.
    public var node: String
    /// Process id.
    public var process: String

    /// Creates a PWP location.
    public init(node: String, process: String) {
        self.node = node
        self.process = process
    }
}

/// Overall health as the AE REST health check reports it.
public enum Health: String, Sendable, Equatable, Codable {
    case up = "UP"
    case down = "DOWN"
}

/// ZDU phase of the system.
public struct ZDUState: Sendable, Equatable, Codable {
    /// The phase.
    public var phase: ZDUPhase
    /// Base (old) version.
    public var base: String
    /// Target (new) version, once prepared.
    public var target: String?

    /// Creates a ZDU state.
    public init(phase: ZDUPhase, base: String, target: String? = nil) {
        self.phase = phase
        self.base = base
        self.target = target
    }
}

/// Phases of a Zero Downtime Upgrade.
public enum ZDUPhase: String, Sendable, Equatable, Codable {
    /// No upgrade in progress: one version runs.
    case off
    /// Compatibility mode (`ZERO_DOWNTIME_UPGRADE=Y`): base and target processes side by side.
    case compatibility
    /// Finalized: only target processes; no way back.
    case finalized
}

/// Agents of one NetArea and where they are connected.
public struct NetAreaAgents: Sendable, Equatable, Codable {
    /// NetArea name.
    public var name: String
    /// Agents that belong to this NetArea.
    public var agents: Int
    /// Agents per CP id they are connected to (own or fallback NetArea's CPs).
    public var connected: [String: Int]
    /// Agents connected to a CP of their own NetArea.
    public var home: Int
    /// Agents not connected to any CP.
    public var disconnected: Int

    /// Creates a NetArea agents summary.
    public init(name: String, agents: Int, connected: [String: Int], home: Int, disconnected: Int) {
        self.name = name
        self.agents = agents
        self.connected = connected
        self.home = home
        self.disconnected = disconnected
    }
}
