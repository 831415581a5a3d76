/// Why the planner could not produce a plan.
public enum PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No plan can keep the invariants for this topology and policy; `reason` says why and what to change.
    case noValidPlan(reason: String)

    /// What went wrong and what to change, as the CLI prints it.
    public var description: String {
        switch self {
        case .noValidPlan(let reason):
            return "no valid plan: \(reason)"
        }
    }
}
