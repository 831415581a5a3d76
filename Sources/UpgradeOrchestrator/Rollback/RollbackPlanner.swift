import NodeContract
import UpgradePlan

/// Why no fallback is possible.
public enum RollbackError: Error, Sendable, Equatable, CustomStringConvertible {
    /// zdu.finalize is done (or observed): the base processes are gone and the database is not downgraded.
    case finalized(step: String)

    /// Why, and what to do.
    public var description: String {
        switch self {
        case .finalized(let step):
            return "rollback refused: \(step) is done: the wizard's finalize (step 5) ended the base processes for "
                + "good and the database is never downgraded (AE-ZDU-5, AE-ZDU-7); there is no way back. Fix "
                + "forward: resume the upgrade."
        }
    }
}

/// Computes the fallback AE allows from what the journal says was done and the ZDU phase observed: a pure
/// function (docs/ae-model.md AE-ZDU-6, AE-ZDU-7).
///
/// - Before the switch: stop the target processes of every node whose `target.start` was done or is in doubt
///   (they serve nobody yet, so all at once). Base processes that stopped stay stopped: AE refuses to restart
///   them while ZDU is on; the farm stays on its running base processes in compatibility mode.
/// - Between the switch and finalize: the wizard's rollback (`zdu.rollback`), which the operator performs and
///   the run observes; connections and the PWP go back to the base processes that still run.
/// - After finalize: refused, naming the step.
public enum RollbackPlanner {
    /// Prefix of every rollback step id.
    public static let prefix = "rollback/"
    /// The cause journaled for a rollback the operator asked for (`aeupgrade rollback`), not a failure.
    public static let operatorCause = (step: "operator", reason: "aeupgrade rollback")

    /// The fallback steps, in a deterministic order; `phase` is the ZDU phase observed (nil: no node answered).
    public static func plan(
        _ plan: Plan, done: Set<String>, inDoubt: Set<String>, phase: ZDUPhase?
    ) throws(RollbackError) -> [Step] {
        if let refusal = refusal(plan, done: done, phase: phase) { throw refusal }
        let switched = plan.steps.contains { $0.kind == .zduSwitch && done.contains($0.id) }
        if switched || phase == .switched {
            return [step(.zduRollback, node: nil, datacenter: nil)]
        }
        // Linear in steps and nodes: sets and one map of datacenters, no search per step.
        let touched = done.union(inDoubt)
        var datacenters: [String: String] = [:]
        for node in plan.topology.nodes where datacenters[node.name] == nil { datacenters[node.name] = node.datacenter }
        var started: [String] = []
        var seen: Set<String> = []
        for step in plan.steps where step.kind == .targetStart && touched.contains(step.id) {
            if let node = step.nodes.first, seen.insert(node).inserted { started.append(node) }
        }
        return started.map { step(.targetStop, node: $0, datacenter: datacenters[$0]) }
    }

    /// Why no fallback is possible (finalize done per the journal, or observed), or nil.
    public static func refusal(_ plan: Plan, done: Set<String>, phase: ZDUPhase?) -> RollbackError? {
        if let finalize = plan.steps.first(where: { $0.kind == .zduFinalize && done.contains($0.id) }) {
            return .finalized(step: finalize.id)
        }
        return phase == .finalized ? .finalized(step: "zdu.finalize (observed on live state)") : nil
    }

    private static func step(_ kind: StepKind, node: String?, datacenter: String?) -> Step {
        Step(
            id: "\(prefix)\(node ?? "system")/\(kind.rawValue)", kind: kind, nodes: node.map { [$0] } ?? [],
            dependsOn: [], estimateSeconds: 0, inverse: nil, datacenter: datacenter)
    }
}
