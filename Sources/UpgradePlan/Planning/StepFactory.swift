/// Builds the steps of a plan with their ids, estimates, inverses and conditions in words.
///
/// Ids: `DC2/AE_1B/cp.drain` for node steps, `zdu.dbload`, `zdu.switch`, `zdu.finalize` for the wizard steps,
/// `gate/DC1` for the gate before entering DC1 and `gate/finalize` for the soak before finalize.
struct StepFactory {
    let topology: Topology

    private var durations: Durations { topology.policy.durations }
    private var target: String { topology.versions.target }
    private var base: String { topology.versions.base }

    /// The id of a node step.
    static func id(_ kind: StepKind, node: Node) -> String {
        "\(node.datacenter)/\(node.name)/\(kind.rawValue)"
    }

    /// The id of the gate before entering a datacenter (or `finalize`).
    static func gateID(_ name: String) -> String { "gate/\(name)" }

    /// The step kind that undoes a step kind in a fallback, nil when nothing is undone. Base processes are never
    /// restarted (docs/ae-model.md AE-ZDU-6), so stopping them has no inverse.
    static func inverse(of kind: StepKind) -> StepKind? {
        switch kind {
        case .targetStart: return .targetStop
        case .zduSwitch: return .zduRollback
        default: return nil
        }
    }

    /// The estimated duration of a step kind under the policy.
    func estimate(_ kind: StepKind, gate: Gate? = nil) -> Int {
        switch kind {
        case .binariesStage: return durations.binariesStage
        case .targetStart: return durations.processesStart
        case .agentsAwaitReconnect: return durations.agentsReconnect
        case .zduDBLoad: return durations.dbLoad
        case .zduSwitch, .zduFinalize, .zduRollback: return durations.wizardStep
        case .gate:
            if case .soak(let seconds) = gate { return seconds }
            return 0
        default: return durations.operation
        }
    }

    /// A step acting on one node.
    func nodeStep(_ kind: StepKind, node: Node, dependsOn: [String]) -> Step {
        let (pre, post) = conditions(kind, node: node)
        return Step(
            id: Self.id(kind, node: node), kind: kind, nodes: [node.name], dependsOn: dependsOn.sorted(),
            estimateSeconds: estimate(kind), inverse: Self.inverse(of: kind), datacenter: node.datacenter,
            precondition: pre, postcondition: post)
    }

    /// A wizard step, performed by the operator in the AWI and observed by aeupgrade.
    func wizardStep(_ kind: StepKind, dependsOn: [String]) -> Step {
        let pre: String
        let post: String
        switch kind {
        case .zduDBLoad:
            pre = "every node has \(target) staged; the system runs \(base) only"
            post = "system.zdu.phase == compatibility, target \(target)"
        case .zduSwitch:
            pre = "the target processes of the upgraded nodes can carry the farm alone"
            post = "system.zdu.phase == switched; the PWP on a \(target) WP; agents use \(target) CPs/JCPs"
        default:
            pre = "no task started on a \(base) process still runs; rollback is given up from here"
            post = "system.zdu.phase == finalized; no \(base) process runs"
        }
        return Step(
            id: kind.rawValue, kind: kind, nodes: [], dependsOn: dependsOn.sorted(), estimateSeconds: estimate(kind),
            inverse: Self.inverse(of: kind), datacenter: nil, precondition: pre, postcondition: post)
    }

    /// A gate: before entering a datacenter, or (`name` finalize) the soak before finalize.
    func gateStep(before name: String, datacenter: String?, gate: Gate, dependsOn: [String]) -> Step {
        let how: String
        switch gate {
        case .soak(let seconds): how = "health stays UP for \(seconds)s"
        case .approval: how = "an operator approved"
        case .none: how = "nothing"
        }
        let pre = datacenter == nil
            ? "every node outside the rollback reserve runs \(target); rollback is still possible"
            : "the previous batch runs \(target) and its agents reconnected"
        return Step(
            id: Self.gateID(name), kind: .gate, nodes: [], dependsOn: dependsOn.sorted(),
            estimateSeconds: estimate(.gate, gate: gate), inverse: nil, datacenter: datacenter,
            precondition: pre, postcondition: how, gate: gate)
    }

    private func conditions(_ kind: StepKind, node: Node) -> (String, String) {
        let name = node.name
        switch kind {
        case .binariesStage:
            return ("\(name) reachable", "\(name) stagedVersion == \(target) (own directory)")
        case .cpDrain:
            return ("other CPs/JCPs serve \(node.netArea)'s agents or its declared fallback",
                    "every \(base) CP and JCP of \(name) stopped")
        case .agentsAwaitReconnect:
            return ("the \(base) CPs/JCPs of \(name) stopped",
                    "no agent on a \(base) CP/JCP of \(name); no agent disconnected")
        case .wpStop:
            return ("\(name) holds no PWP and serves no agent", "every \(base) WP, JWP and REST of \(name) stopped")
        case .targetStart:
            return ("ZDU compatibility mode; every \(base) process of \(name) stopped; \(target) staged",
                    "every \(target) process of \(name) running")
        case .targetVerify:
            return ("the \(target) processes of \(name) started",
                    "the \(target) processes of \(name) run and joined the system; health UP")
        default:
            return ("", "")
        }
    }
}
