/// Proves large plans fast and exactly: cuts the plan into segments that every execution passes through in
/// order (`Segments`), splits each segment into independent components (`SegmentCheck`), explores each component
/// alone and combines their extremes per invariant. Linear in the plan's size for planner-made plans; exponential
/// only in the size of one component (one node's chain in a planner-made plan).
public enum FastChecker {
    /// Bound on the states of one component, and on the distinct states a segment may leave the farm in.
    public static let componentLimit = 100_000

    /// Checks `plan`.
    public static func check(_ plan: Plan) -> ValidationResult {
        switch CompiledPlan.compile(plan) {
        case .failure(let violation): return .invalid(violation)
        case .success(let compiled): return check(compiled, collectAll: false).result
        }
    }

    /// Every invariant some reachable state breaks (empty when valid), or nil when the plan is malformed.
    public static func brokenInvariants(_ plan: Plan) -> Set<Invariant>? {
        guard case .success(let compiled) = CompiledPlan.compile(plan) else { return nil }
        return check(compiled, collectAll: true).broken
    }

    private struct Entry {
        var state: FarmState
        var tally: Tally
        /// Tail of the entry's step sequence in the shared sequence store.
        var sequence: Int
    }

    static func check(_ plan: CompiledPlan, collectAll: Bool) -> (result: ValidationResult, broken: Set<Invariant>) {
        let farm = plan.farm
        let checker = InvariantCheck(farm: farm)
        var store = SequenceStore()
        var broken: Set<Invariant> = []
        var first: (invariant: Invariant, sequence: Int)?
        let initial = farm.initialState
        if let found = checker.violations(initial).first {
            first = (found.0, -1)
            broken.formUnion(checker.violations(initial).map(\.0))
        }
        let tally = checker.tally(initial)
        var entries = [Entry(state: initial, tally: tally, sequence: -1)]
        var states = 1
        let scratch = Scratch(plan)
        let rules = RuleIndex(checker.rules, farm: farm)
        for segment in Segments.of(plan) {
            if first != nil && !collectAll { break }
            var next: [Entry] = []
            while let entry = entries.popLast() {
                guard let check = SegmentCheck(
                    plan, segment: segment, entry: entry.state, limit: componentLimit, scratch: scratch) else {
                    return tooWide(plan, segment: segment)
                }
                states += check.statesChecked
                let found = check.candidates(entry: entry.state, tally: entry.tally, rules: rules)
                broken.formUnion(found.map(\.invariant))
                if first == nil, let best = found.min(by: { ($0.cost, $0.invariant) < ($1.cost, $1.invariant) }) {
                    var tail = entry.sequence
                    for pick in best.picks.sorted(by: { $0.component < $1.component }) {
                        let component = check.components[pick.component]
                        let index = component.projections[pick.projection]
                        tail = store.append(component.explorer.path(to: index, in: component.explored), to: tail)
                    }
                    first = (best.invariant, tail)
                }
                next += exits(check, from: entry, store: &store)
                if next.count > componentLimit { return tooWide(plan, segment: segment) }
            }
            if next.count > 1 {
                // Different completion orders may leave the same farm state: keep the first of each.
                var seen: Set<FarmState> = []
                next = next.filter { seen.insert($0.state).inserted }
            }
            entries = next
        }
        guard let first else { return (.valid(statesChecked: states), broken) }
        return (.invalid(report(plan, invariant: first.invariant, sequence: store.steps(first.sequence))), broken)
    }

    /// The farm states the segment can end in from `entry` (usually one), with their sequences.
    private static func exits(_ check: SegmentCheck, from entry: Entry, store: inout SequenceStore) -> [Entry] {
        let farm = check.plan.farm
        var results = [entry]
        for component in check.components {
            var grown: [Entry] = []
            for (position, exit) in component.exits.enumerated() {
                for var result in (position == component.exits.count - 1 ? consume(&results) : results) {
                    let state = component.explored[exit].state
                    for (slot, node) in component.nodes.enumerated() where result.state.nodes[node] != state.nodes[slot] {
                        result.tally.add(farm, node: node, bits: result.state.nodes[node], sign: -1)
                        result.state.nodes[node] = state.nodes[slot]
                        result.tally.add(farm, node: node, bits: state.nodes[slot])
                    }
                    if state.pwp != entry.state.pwp { result.state.pwp = state.pwp }
                    if component.hasPhase { result.state.phase = state.phase }
                    result.sequence = store.append(component.explorer.path(to: exit, in: component.explored),
                        to: result.sequence)
                    grown.append(result)
                }
            }
            results = grown
        }
        for index in results.indices { results[index].sequence = store.append(check.inert, to: results[index].sequence) }
        return results
    }

    private static func consume(_ entries: inout [Entry]) -> [Entry] {
        let taken = entries
        entries = []
        return taken
    }

    /// Replays `sequence` from the initial state and describes the violation of `invariant` there.
    private static func report(_ plan: CompiledPlan, invariant: Invariant, sequence: [Int]) -> Violation {
        var state = plan.farm.initialState
        let slots = plan.farm.allSlots
        for step in sequence {
            state.apply(plan.kind[step], a: Int(plan.nodeA[step]), slots: slots)
        }
        let checker = InvariantCheck(farm: plan.farm)
        let found = checker.violations(state).first { $0.0 == invariant }?.1 ?? "broken in a reachable state"
        let detail = invariant == .goalState ? Completion.problem(plan, sequence: sequence) ?? found : found
        return Violation(invariant: invariant, sequence: sequence.map { plan.plan.steps[$0].id }, detail: detail,
            state: checker.describe(state))
    }

    private static func tooWide(_ plan: CompiledPlan, segment: [Int]) -> (result: ValidationResult, broken: Set<Invariant>) {
        let first = plan.plan.steps[segment[0]].id
        let violation = Violation(invariant: nil, sequence: [],
            detail: "cannot prove the steps from \(first) on: more than \(componentLimit) interleavings of "
                + "interdependent steps; split them into independent branches or sequence them", state: "")
        return (.invalid(violation), [])
    }
}

/// Step sequences sharing their prefixes: each entry is a step and the index of the entry before it.
struct SequenceStore {
    private var step: [Int32] = []
    private var previous: [Int32] = []

    /// Appends `steps` after the sequence ending at `tail` (-1 for empty); returns the new tail.
    mutating func append(_ steps: [Int], to tail: Int) -> Int {
        var tail = tail
        for value in steps {
            step.append(Int32(value))
            previous.append(Int32(tail))
            tail = step.count - 1
        }
        return tail
    }

    /// The steps of the sequence ending at `tail`, first to last.
    func steps(_ tail: Int) -> [Int] {
        var result: [Int] = []
        var cursor = tail
        while cursor >= 0 {
            result.append(Int(step[cursor]))
            cursor = Int(previous[cursor])
        }
        return result.reversed()
    }
}
