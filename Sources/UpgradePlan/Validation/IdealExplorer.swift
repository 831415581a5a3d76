/// Breadth-first search over the states a subset of a plan's steps can reach: every set of completed steps closed
/// under `dependsOn`, paired with the farm state the completion order produced (effects need not commute in a
/// hand-edited plan). Breadth-first, so the first time a state is met its path is a shortest one.
struct IdealExplorer {
    /// One explored state.
    struct Explored {
        /// The state (whole farm, or the slots of a component).
        var state: FarmState
        /// Completed local steps, as bits.
        var done: [UInt64]
        /// Index of the state it came from, -1 for the entry state.
        var parent: Int
        /// Local index of the step completed to get here, -1 for the entry state.
        var step: Int
        /// Steps completed since the entry state.
        var depth: Int
    }

    private struct Key: Hashable {
        var done: [UInt64]
        var state: FarmState
    }

    /// Global step indices of the subset, in topological order.
    let steps: [Int]
    private let deps: [[Int]]
    private let kinds: [StepKind]
    private let slotA: [Int]
    private let slots: Slots
    private let words: Int

    /// Prepares to explore `steps` (global indices, topological order) of `plan`; `slot` maps a global node index to
    /// its position in the explored states' `nodes` (-1 when the node is not part of them), and `slots` says which
    /// nodes the positions stand for.
    init(_ plan: CompiledPlan, steps: [Int], slots: Slots, slot: (Int) -> Int) {
        self.steps = steps
        var local: [Int: Int] = [:]
        for (position, step) in steps.enumerated() { local[step] = position }
        deps = steps.map { step in plan.graph.dependencies[step].compactMap { local[$0] } }
        kinds = steps.map { plan.kind[$0] }
        slotA = steps.map { plan.nodeA[$0] >= 0 ? slot(Int(plan.nodeA[$0])) : -1 }
        self.slots = slots
        words = max(1, (steps.count + 63) / 64)
    }

    /// Explores from `entry`. `visit(index, explored)` sees each new state once, in breadth-first order, and
    /// returns false to stop. Returns the explored states, or nil when more than `limit` states exist.
    func explore(from entry: FarmState, limit: Int, visit: (Int, Explored) -> Bool = { _, _ in true }) -> [Explored]? {
        var explored = [Explored(state: entry, done: [UInt64](repeating: 0, count: words), parent: -1, step: -1, depth: 0)]
        var seen: Set<Key> = [Key(done: explored[0].done, state: entry)]
        if !visit(0, explored[0]) { return explored }
        var cursor = 0
        while cursor < explored.count {
            let current = explored[cursor]
            for step in steps.indices where current.done[step / 64] & (1 << UInt64(step % 64)) == 0 {
                var ready = true
                for dep in deps[step] where current.done[dep / 64] & (1 << UInt64(dep % 64)) == 0 {
                    ready = false
                    break
                }
                if !ready { continue }
                var next = current
                next.done[step / 64] |= 1 << UInt64(step % 64)
                next.state.apply(kinds[step], a: slotA[step], slots: slots)
                next.parent = cursor
                next.step = step
                next.depth = current.depth + 1
                guard seen.insert(Key(done: next.done, state: next.state)).inserted else { continue }
                if explored.count >= limit { return nil }
                explored.append(next)
                if !visit(explored.count - 1, next) { return explored }
            }
            cursor += 1
        }
        return explored
    }

    /// Whether every local step is done in `explored`.
    func isComplete(_ explored: Explored) -> Bool {
        explored.done.reduce(0) { $0 + $1.nonzeroBitCount } == steps.count
    }

    /// The global step indices completed on the way to `explored[index]`, in order.
    func path(to index: Int, in explored: [Explored]) -> [Int] {
        var result: [Int] = []
        var cursor = index
        while cursor >= 0 && explored[cursor].step >= 0 {
            result.append(steps[explored[cursor].step])
            cursor = explored[cursor].parent
        }
        return result.reversed()
    }
}
