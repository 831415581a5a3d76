/// Limits, gates and timings an upgrade must respect. Every field has a safe default.
public struct Policy: Sendable, Equatable, Codable {
    /// CPs that must be active in the whole system at every moment.
    public var minActiveCPs: Int
    /// WPs that must be running in the whole system at every moment.
    public var minRunningWPs: Int
    /// Nodes of one datacenter that may be out of service at once.
    public var maxNodesDownPerDC: Int
    /// What stands between two datacenters: a soak time, an operator's approval, or nothing.
    public var gateBetweenDCs: Gate
    /// Whether the operator confirmed that ZDU supports this version pair although aeupgrade's table of documented
    /// paths does not know it (docs/ae-model.md AE-ZDU-10). A pair the table refuses is refused regardless.
    public var zduPathConfirmed: Bool
    /// What the executor does when a step fails.
    public var onFailure: FailureAction
    /// Expected durations, used for estimates and by the simulator.
    public var durations: Durations
    /// Attempts per step before it counts as failed.
    public var retries: Int
    /// Seconds a step may take to reach its postcondition before it fails.
    public var stepTimeoutSeconds: Int
    /// Operator commands run around steps and datacenters; none by default.
    public var hooks: Hooks
    /// Seconds a hook may run before it is killed and counts as failed.
    public var hookTimeoutSeconds: Int
    /// What a health gate, soak or the final check does with a crashed target-version process: fail (the default)
    /// or start it again (a crashed base process always fails: AE-ZDU-6).
    public var onCrashedTargetProcess: CrashedProcessAction
    /// Restarts per target process per run when `onCrashedTargetProcess` is `restart`; past it, the check fails.
    public var maxRestarts: Int

    /// Creates a policy; omitted fields take safe defaults.
    public init(
        minActiveCPs: Int = 1, minRunningWPs: Int = 1, maxNodesDownPerDC: Int = 1,
        gateBetweenDCs: Gate = .soak(seconds: 600), zduPathConfirmed: Bool = false,
        onFailure: FailureAction = .rollback, durations: Durations = Durations(),
        retries: Int = 3, stepTimeoutSeconds: Int = 900, hooks: Hooks = Hooks(), hookTimeoutSeconds: Int = 60,
        onCrashedTargetProcess: CrashedProcessAction = .fail, maxRestarts: Int = 1
    ) {
        self.minActiveCPs = minActiveCPs
        self.minRunningWPs = minRunningWPs
        self.maxNodesDownPerDC = maxNodesDownPerDC
        self.gateBetweenDCs = gateBetweenDCs
        self.zduPathConfirmed = zduPathConfirmed
        self.onFailure = onFailure
        self.durations = durations
        self.retries = retries
        self.stepTimeoutSeconds = stepTimeoutSeconds
        self.hooks = hooks
        self.hookTimeoutSeconds = hookTimeoutSeconds
        self.onCrashedTargetProcess = onCrashedTargetProcess
        self.maxRestarts = maxRestarts
    }
}

/// A pause between datacenters.
public enum Gate: Sendable, Equatable, Codable {
    /// Wait this many seconds, watching health, then go on.
    case soak(seconds: Int)
    /// Stop until an operator approves.
    case approval
    /// Go on at once.
    case none
}

/// What to do when a step fails.
public enum FailureAction: String, Sendable, Equatable, Codable, CaseIterable {
    /// Run the inverses of completed steps in reverse order.
    case rollback
    /// Stop and leave the farm as it is for `resume` or `rollback`.
    case halt
}

/// What a health check does with a target-version process that crashed.
public enum CrashedProcessAction: String, Sendable, Equatable, Codable, CaseIterable {
    /// Fail the check, naming the process (fix it by hand, then resume).
    case fail
    /// Start it again through the node contract (`POST target/start`), at most `maxRestarts` times, then re-check.
    case restart
}

/// Expected durations of the slow operations, in seconds.
public struct Durations: Sendable, Equatable, Codable {
    /// Staging the target binaries in their own directory on one node (before the window).
    public var binariesStage: Int
    /// Starting a node's target processes until they joined the system.
    public var processesStart: Int
    /// Agents reconnecting to another CP/JCP after theirs stopped.
    public var agentsReconnect: Int
    /// The wizard's database load (step 2), until compatibility mode is on.
    public var dbLoad: Int
    /// Any other wizard step (switch, finalize), as an operator performs it in the AWI.
    public var wizardStep: Int
    /// Any other single operation (stop, verify).
    public var operation: Int
    /// A PWP takeover: how long central work may wait for another WP to become PWP after the PWP's WP ended
    /// (AE-PWP-1: the documentation gives no figure; the site's observation, 60 s unless set). Retries of a step or
    /// a check back off until at least this and `agentsReconnect` have passed.
    public var pwpTakeover: Int

    /// Creates durations; omitted ones take defaults.
    public init(
        binariesStage: Int = 120, processesStart: Int = 120, agentsReconnect: Int = 30, dbLoad: Int = 1800,
        wizardStep: Int = 120, operation: Int = 10, pwpTakeover: Int = 60
    ) {
        self.binariesStage = binariesStage
        self.processesStart = processesStart
        self.agentsReconnect = agentsReconnect
        self.dbLoad = dbLoad
        self.wizardStep = wizardStep
        self.operation = operation
        self.pwpTakeover = pwpTakeover
    }
}
