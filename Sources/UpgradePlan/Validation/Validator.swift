/// Proves a plan keeps the invariants (`Invariant`) in every state the executor can reach and conforms to its policy
/// (`PolicyConformance`), or returns the shortest step sequence that breaks one (see `ExhaustiveChecker` and
/// `FastChecker`).
public enum Validator {
    /// Plans with at most this many reachable states are checked exhaustively.
    public static let exhaustiveLimit = 20_000

    /// Validates `plan` as it stands (it is not re-planned): its version pair (invariant 7, as the planner checks
    /// it), its structure, then every reachable state, the end of every complete execution included (invariant 9).
    /// Small plans are explored exhaustively (shortest counterexample); larger ones by the fast checker.
    public static func validate(_ plan: Plan) -> ValidationResult {
        do {
            try PathCheck.check(plan.topology)
        } catch {
            var detail = error.description
            if case let .unsupportedPath(base, target, reason, source) = error {
                detail = "ZDU from \(base) to \(target) is not supported: \(reason)"
                    + (source.map { " (source: \($0))" } ?? "")
            }
            let versions = plan.topology.versions
            return .invalid(Violation(invariant: .supportedPath, sequence: [], detail: detail,
                state: "versions \(versions.base) -> \(versions.target)"))
        }
        switch CompiledPlan.compile(plan) {
        case .failure(let violation):
            return .invalid(violation)
        case .success(let compiled):
            return validate(compiled)
        }
    }

    /// Validates an already compiled plan.
    static func validate(_ compiled: CompiledPlan) -> ValidationResult {

        let result: ValidationResult
        if compiled.order.count <= 200,
            let exhaustive = ExhaustiveChecker.check(compiled, limit: exhaustiveLimit, collectAll: false)
        {
            result = exhaustive.result
        } else {
            result = FastChecker.check(compiled, collectAll: false).result
        }
        // The invariants first (their counterexamples say more), then the shape the policy asks for.
        if result.isValid, let problem = PolicyConformance.problem(compiled) {
            return .invalid(Violation(invariant: nil, sequence: [], detail: problem, state: ""))
        }
        return result
    }
}
