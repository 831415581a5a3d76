/// What falling back means after each step of a plan (docs/ae-model.md AE-ZDU-4/5/7).
public enum RollbackWindow: String, Sendable, Equatable {
    /// Before the switch: stop the target processes started; the farm stays on its base processes.
    case stopTarget = "fallback: stop target"
    /// From the switch until finalize: the wizard's rollback sends connections and the PWP back to base.
    case wizardRollback = "wizard rollback"
    /// From finalize on: no way back.
    case gone = "no rollback"

    /// The window after each step of `plan`, by step id: steps at or after finalize are `none`, steps at or after
    /// the switch `wizardRollback`, the others `stopTarget`.
    public static func of(_ plan: Plan) -> [String: RollbackWindow] {
        let graph = StepGraph(plan)
        func descendants(of kind: StepKind) -> Set<Int> {
            guard let start = plan.steps.firstIndex(where: { $0.kind == kind }) else { return [] }
            var seen: Set<Int> = [start]
            var stack = [start]
            while let next = stack.popLast() {
                for other in graph.dependents[next] where seen.insert(other).inserted { stack.append(other) }
            }
            return seen
        }
        let afterFinalize = descendants(of: .zduFinalize)
        let afterSwitch = descendants(of: .zduSwitch)
        var result: [String: RollbackWindow] = [:]
        for (index, step) in plan.steps.enumerated() {
            result[step.id] = afterFinalize.contains(index) ? .gone : afterSwitch.contains(index) ? .wizardRollback
                : .stopTarget
        }
        return result
    }
}
