/// Builds the steps of a plan with their ids, estimates, inverses and conditions in words.
///
/// Ids follow TEAM.md: `DC2/AE_1B/cp.standby` for node steps (the handover uses its from-node:
/// `DC1/AE_1A/pwp.handover`), `zdu.prepare` and `zdu.finalize` for system steps, `gate/DC1` for the gate
/// before entering DC1.
struct StepFactory {
    let topology: Topology

    private var durations: Durations { topology.policy.durations }
    private var target: String { topology.versions.target }

    /// The id of a node step.
    static func id(_ kind: StepKind, node: Node) -> String {
        "\(node.datacenter)/\(node.name)/\(kind.rawValue)"
    }

    /// The id of the gate before entering a datacenter.
    static func gateID(_ datacenter: String) -> String { "gate/\(datacenter)" }

    /// The inverse of a step kind, as TEAM.md lists them.
    static func inverse(of kind: StepKind) -> StepKind? {
        switch kind {
        case .cpStandby: return .cpActivate
        case .cpActivate: return .cpStandby
        case .wpStop: return .processesStart
        case .processesStart: return .wpStop
        case .binariesInstall: return .binariesInstall
        case .pwpHandover: return .pwpHandover
        case .zduPrepare: return .zduRollback
        case .binariesStage, .agentsAwaitFailover, .agentsAwaitHome, .healthVerify, .gate, .zduFinalize,
            .zduRollback:
            return nil
        }
    }

    /// The estimated duration of a step kind under the policy.
    func estimate(_ kind: StepKind, gate: Gate? = nil) -> Int {
        switch kind {
        case .binariesStage: return durations.binariesStage
        case .binariesInstall: return durations.binariesInstall
        case .processesStart: return durations.processesStart
        case .agentsAwaitFailover, .agentsAwaitHome: return durations.agentsReconnect
        case .gate:
            if case .soak(let seconds) = gate { return seconds }
            return 0
        default: return durations.operation
        }
    }

    /// A step acting on one node.
    func nodeStep(_ kind: StepKind, node: Node, dependsOn: [String], handoverTo: Node? = nil) -> Step {
        let (pre, post) = conditions(kind, node: node, to: handoverTo)
        return Step(
            id: Self.id(kind, node: node), kind: kind,
            nodes: handoverTo.map { [node.name, $0.name] } ?? [node.name],
            dependsOn: dependsOn.sorted(), estimateSeconds: estimate(kind), inverse: Self.inverse(of: kind),
            datacenter: node.datacenter, precondition: pre, postcondition: post)
    }

    /// A system-wide step (`zdu.prepare`, `zdu.finalize`).
    func systemStep(_ kind: StepKind, dependsOn: [String]) -> Step {
        let pre: String
        let post: String
        if kind == .zduPrepare {
            pre = "every node has \(target) staged; system runs \(topology.versions.base) only"
            post = "system.zdu.phase == compatibility"
        } else {
            pre = "every node but the last batch runs \(target); the PWP sits on a \(target) node"
            post = "system.zdu.phase == finalized; no process runs \(topology.versions.base)"
        }
        return Step(
            id: kind.rawValue, kind: kind, nodes: [], dependsOn: dependsOn.sorted(), estimateSeconds: estimate(kind),
            inverse: Self.inverse(of: kind), datacenter: nil, precondition: pre, postcondition: post)
    }

    /// The gate before entering a datacenter.
    func gateStep(before datacenter: String, gate: Gate, dependsOn: [String]) -> Step {
        let how: String
        switch gate {
        case .soak(let seconds): how = "health stays UP for \(seconds)s"
        case .approval: how = "an operator approved"
        case .none: how = "nothing"
        }
        return Step(
            id: Self.gateID(datacenter), kind: .gate, nodes: [], dependsOn: dependsOn.sorted(),
            estimateSeconds: estimate(.gate, gate: gate), inverse: nil, datacenter: datacenter,
            precondition: "the previous datacenter is upgraded and its agents are home",
            postcondition: how, gate: gate)
    }

    private func conditions(_ kind: StepKind, node: Node, to: Node?) -> (String, String) {
        let name = node.name
        switch kind {
        case .binariesStage:
            return ("\(name) reachable", "\(name) stagedVersion == \(target)")
        case .cpStandby:
            return ("another active CP serves \(node.netArea) or its fallback", "all CPs of \(name) in standby")
        case .agentsAwaitFailover:
            return ("CPs of \(name) in standby", "no agent connected to the CPs of \(name)")
        case .pwpHandover:
            return ("\(to?.name ?? "?") runs \(target) WPs, not draining", "system.pwp.node == \(to?.name ?? "?")")
        case .wpStop:
            return ("\(name) holds no PWP and serves no agent", "every process of \(name) stopped")
        case .binariesInstall:
            return ("every process of \(name) stopped", "\(name) installedVersion == \(target)")
        case .processesStart:
            return ("\(name) installedVersion == \(target)", "all processes of \(name) running")
        case .healthVerify:
            return ("processes of \(name) running", "system.health UP; \(name) processes run \(target)")
        case .cpActivate:
            return ("\(name) healthy on \(target)", "all CPs of \(name) active")
        case .agentsAwaitHome:
            return ("CPs of \(name) active", "agents of \(node.netArea) home")
        default:
            return ("", "")
        }
    }
}
