/// What a step does. Raw values are the names used in plan files and journals.
///
/// The shape is AE's split Zero Downtime Upgrade (docs/ae-model.md AE-ZDU-1..9): the target binaries are staged
/// in their own directory, the wizard loads the database (compatibility mode), then node by node the base
/// CPs/JCPs stop (their agents reconnect elsewhere), the base WPs/JWPs/REST stop, and the target processes start
/// beside the base processes of the other nodes; the wizard switches the connections and the PWP to the target
/// processes, and finalizes before the last base processes stop. No step starts a base process: AE refuses that
/// in compatibility mode (AE-ZDU-6).
public enum StepKind: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// Copy the target binaries into their own directory on a node (before the window).
    case binariesStage = "binaries.stage"
    /// Wizard step 2, performed by the operator: database load; done when compatibility mode is observed.
    case zduDBLoad = "zdu.dbload"
    /// Stop the node's base CPs and JCPs, so their agents reconnect to other CPs/JCPs (the drain).
    case cpDrain = "cp.drain"
    /// Wait until no agent uses the node's base CPs/JCPs and every agent is connected.
    case agentsAwaitReconnect = "agents.await-reconnect"
    /// Stop the node's base WPs, JWPs and REST processes in AE's stop order.
    case wpStop = "wp.stop"
    /// Start the node's target processes from the staged binaries.
    case targetStart = "target.start"
    /// Observe that the node's target processes run and joined the system.
    case targetVerify = "target.verify"
    /// A pause that watches health (soak) or waits for an operator's approval.
    case gate = "gate"
    /// Wizard step 4, performed by the operator: connections and the PWP switch to the target processes.
    case zduSwitch = "zdu.switch"
    /// Wizard step 5, performed by the operator: the base processes stop for good; no rollback after it.
    case zduFinalize = "zdu.finalize"
    /// Only ever an inverse, before the switch: stop the node's target processes (undoes `target.start`).
    case targetStop = "target.stop"
    /// Only ever an inverse, between the switch and finalize: the wizard's rollback (in step 4), performed by the
    /// operator; connections and the PWP go back to the base processes that still run, compatibility mode stays on
    /// (docs/ae-model.md AE-ZDU-7).
    case zduRollback = "zdu.rollback"

    /// Whether the operator performs the step in the AWI System Upgrade wizard (aeupgrade waits and observes).
    public var isWizardStep: Bool {
        self == .zduDBLoad || self == .zduSwitch || self == .zduFinalize || self == .zduRollback
    }

    /// Whether the step may appear in a plan (the others are only inverses, used by a fallback).
    public var isPlanStep: Bool { self != .targetStop && self != .zduRollback }

    /// The wizard's step number, for a wizard step.
    public var wizardStepNumber: Int? {
        switch self {
        case .zduDBLoad: 2
        case .zduSwitch, .zduRollback: 4
        case .zduFinalize: 5
        default: nil
        }
    }

    /// Whether the step acts on one node (the others act on the system).
    public var isNodeStep: Bool {
        switch self {
        case .gate, .zduDBLoad, .zduSwitch, .zduFinalize, .zduRollback: false
        default: true
        }
    }
}

/// One node of the plan's DAG.
public struct Step: Sendable, Equatable, Codable, Identifiable {
    /// Stable id, e.g. `DC2/AE_1B/cp.drain`.
    public var id: String
    /// What the step does.
    public var kind: StepKind
    /// The node the step acts on (one), empty for system-wide steps.
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
