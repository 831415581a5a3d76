/// Proves a plan by visiting every state the executor can reach (every dependency-closed set of completed steps,
/// in every completion order that changes the farm state). Exact, with the shortest counterexample; exponential
/// in the width of the plan, so meant for small plans.
public enum ExhaustiveChecker {
    /// Default bound on the number of states visited.
    public static let defaultLimit = 200_000

    /// Checks `plan`; nil when it has more than `limit` reachable states.
    public static func check(_ plan: Plan, limit: Int = defaultLimit) -> ValidationResult? {
        switch CompiledPlan.compile(plan) {
        case .failure(let violation): return .invalid(violation)
        case .success(let compiled): return check(compiled, limit: limit, collectAll: false)?.result
        }
    }

    /// Every invariant some reachable state breaks (empty when valid), or nil when too many states or malformed.
    public static func brokenInvariants(_ plan: Plan, limit: Int = defaultLimit) -> Set<Invariant>? {
        guard case .success(let compiled) = CompiledPlan.compile(plan) else { return nil }
        return check(compiled, limit: limit, collectAll: true)?.broken
    }

    static func check(_ plan: CompiledPlan, limit: Int, collectAll: Bool)
        -> (result: ValidationResult, broken: Set<Invariant>)?
    {
        let checker = InvariantCheck(farm: plan.farm)
        let explorer = IdealExplorer(plan, steps: plan.order, slots: plan.farm.allSlots, slot: { $0 })
        var first: (index: Int, invariant: Invariant, detail: String)?
        var broken: Set<Invariant> = []
        guard let explored = explorer.explore(from: plan.farm.initialState, limit: limit, visit: { index, state in
            let found = checker.violations(state.state)
            if first == nil, let worst = found.first { first = (index, worst.0, worst.1) }
            for (invariant, _) in found { broken.insert(invariant) }
            return collectAll || first == nil
        }) else { return nil }
        guard let first else { return (.valid(statesChecked: explored.count), broken) }
        let steps = explorer.path(to: first.index, in: explored)
        var detail = first.detail
        if first.invariant == .goalState { detail = Completion.problem(plan, sequence: steps) ?? detail }
        let violation = Violation(
            invariant: first.invariant, sequence: steps.map { plan.plan.steps[$0].id }, detail: detail,
            state: checker.describe(explored[first.index].state))
        return (.invalid(violation), broken)
    }
}
