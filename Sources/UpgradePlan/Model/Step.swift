/// What a step does. Raw values are the names used in plan files and journals.
public enum StepKind: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    case binariesStage = "binaries.stage"
    case zduPrepare = "zdu.prepare"
    case cpStandby = "cp.standby"
    case agentsAwaitFailover = "agents.await-failover"
    case pwpHandover = "pwp.handover"
    case wpStop = "wp.stop"
    case binariesInstall = "binaries.install"
    case processesStart = "processes.start"
    case healthVerify = "health.verify"
    case cpActivate = "cp.activate"
    case agentsAwaitHome = "agents.await-home"
    case gate = "gate"
    case zduFinalize = "zdu.finalize"
    /// Only ever an inverse: leaves compatibility mode back to the base version (undoes `zdu.prepare`).
    case zduRollback = "zdu.rollback"
}

/// One node of the plan's DAG.
public struct Step: Sendable, Equatable, Codable, Identifiable {
    /// Stable id, e.g. `DC2/AE_1B/cp.standby`.
    public var id: String
    /// What the step does.
    public var kind: StepKind
    /// Nodes the step acts on: `[from, to]` for `pwp.handover`, empty for system-wide steps.
    public var nodes: [String]
    /// Ids of the steps that must be done before this one starts.
    public var dependsOn: [String]
    /// Estimated duration in seconds.
    public var estimateSeconds: Int
    /// The step kind that undoes this one during rollback, or nil when nothing needs undoing.
    public var inverse: StepKind?
    /// The datacenter the step belongs to, nil for system-wide steps.
    public var datacenter: String?
    /// What must hold on live state before the step starts, in words.
    public var precondition: String
    /// What is observed on live state when the step is done, in words.
    public var postcondition: String
    /// For a `gate` step: how it is passed.
    public var gate: Gate?

    /// Creates a step.
    public init(
        id: String, kind: StepKind, nodes: [String], dependsOn: [String], estimateSeconds: Int,
        inverse: StepKind?, datacenter: String? = nil, precondition: String = "", postcondition: String = "",
        gate: Gate? = nil
    ) {
        self.id = id
        self.kind = kind
        self.nodes = nodes
        self.dependsOn = dependsOn
        self.estimateSeconds = estimateSeconds
        self.inverse = inverse
        self.datacenter = datacenter
        self.precondition = precondition
        self.postcondition = postcondition
        self.gate = gate
    }
}
