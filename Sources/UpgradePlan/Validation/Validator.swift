/// Proves a plan keeps the invariants (`Invariant`) in every state the executor can reach and conforms to its policy
/// (`PolicyConformance`), or returns the shortest step sequence that breaks one (see `ExhaustiveChecker` and
/// `FastChecker`).
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
