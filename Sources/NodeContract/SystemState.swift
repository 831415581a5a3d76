/// `GET /v1/system`: the AE system as a whole.
public struct SystemState: Sendable, Equatable, Codable {
    /// System name, e.g. `PROD`.
    public var system: String
    /// Where the primary work process runs, or nil during a takeover gap.
    public var pwp: PWPLocation?
    /// Zero Downtime Upgrade state.
    public var zdu: ZDUState
    /// `UP` when a PWP runs and at least one CP or JCP serves, else `DOWN`.
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

/// Zero Downtime Upgrade state of the system, as the AWI System Upgrade wizard leaves it (docs/ae-model.md AE-ZDU-*).
public struct ZDUState: Sendable, Equatable, Codable {
    /// The phase.
    public var phase: ZDUPhase
    /// Base (old) version.
    public var base: String
    /// Target (new) version, once the wizard loaded the database for it.
    public var target: String?
    /// Whether the wizard's rollback sent the connections back to the base processes (compatibility mode stays on).
    public var rolledBack: Bool?

    /// Creates a ZDU state.
    public init(phase: ZDUPhase, base: String, target: String? = nil, rolledBack: Bool? = nil) {
        self.phase = phase
        self.base = base
        self.target = target
        self.rolledBack = rolledBack
    }
}

/// Phases of a Zero Downtime Upgrade, named after the wizard step that enters them.
public enum ZDUPhase: String, Sendable, Equatable, Codable, CaseIterable {
    /// No upgrade in progress: one version runs.
    case off
    /// Step 2 (DB load) done: compatibility mode (`ZERO_DOWNTIME_UPGRADE=Y`); only base processes serve, target
    /// processes may start beside them. Also the phase after a wizard rollback.
    case compatibility
    /// Step 4 (upgrade mode) done: connections switched to target CPs/JCPs and the PWP on a target WP; base
    /// processes still run and a rollback is possible.
    case switched
    /// Step 5 (finalize) done, or every base process stopped: only target processes; no way back.
    case finalized
}

/// Agents of one NetArea that connect to one kind of process (CP or JCP), and where they are connected.
public struct NetAreaAgents: Sendable, Equatable, Codable {
    /// NetArea name.
    public var name: String
    /// The kind of process these agents connect to: `CP` or `JCP` (docs/ae-model.md AE-JCP-1).
    public var via: ProcessKind
    /// Agents of this NetArea that connect to `via`.
    public var agents: Int
    /// Agents per process id they are connected to (own or declared fallback NetArea's processes).
    public var connected: [String: Int]
    /// Agents connected to a process of their own NetArea.
    public var home: Int
    /// Agents not connected to any process.
    public var disconnected: Int

    /// Creates a NetArea agents summary.
    public init(name: String, via: ProcessKind, agents: Int, connected: [String: Int], home: Int, disconnected: Int) {
        self.name = name
        self.via = via
        self.agents = agents
        self.connected = connected
        self.home = home
        self.disconnected = disconnected
    }
}
