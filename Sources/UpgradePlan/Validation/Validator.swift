/// Proves a plan keeps invariants 1-8 of DESIGN.md in every state the executor can reach, or returns the
/// shortest step sequence that breaks one (see `ExhaustiveChecker` and `FastChecker`).
public enum Validator {
    /// Plans with at most this many reachable states are checked exhaustively.
    public static let exhaustiveLimit = 20_000

    /// Validates `plan` as it stands (it is not re-planned): structure first, then every reachable state.
    /// Small plans are explored exhaustively (shortest counterexample); larger ones by the fast checker.
    public static func validate(_ plan: Plan) -> ValidationResult {
        switch CompiledPlan.compile(plan) {
        case .failure(let violation):
            return .invalid(violation)
        case .success(let compiled):
            return validate(compiled)
        }
    }

    /// Validates an already compiled plan.
    static func validate(_ compiled: CompiledPlan) -> ValidationResult {
        if compiled.order.count <= 200,
            let result = ExhaustiveChecker.check(compiled, limit: exhaustiveLimit, collectAll: false)
        {
            return result.result
        }
        return FastChecker.check(compiled, collectAll: false).result
    }
}
