/// Why the planner could not produce a plan.
public enum PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No plan can keep the invariants for this topology and policy; `reason` says why and what to change.
    case noValidPlan(reason: String)
    /// ZDU does not support the version pair (invariant 7); `reason` says why and `source` where that is written.
    case unsupportedPath(base: String, target: String, reason: String, source: String?)

    /// What went wrong and what to change, as the CLI prints it.
    public var description: String {
        switch self {
        case .noValidPlan(let reason):
            return "no valid plan: \(reason)"
        case let .unsupportedPath(base, target, reason, source):
            return "no valid plan: versions: ZDU from \(base) to \(target) is not supported: \(reason)"
                + (source.map { " (source: \($0))" } ?? "")
        }
    }
}
