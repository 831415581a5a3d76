import UpgradePlan

/// Incremental bookkeeping for `ExecutorMachine`: which steps have every dependency done, and how many steps are
/// running, waiting and done. One event then costs work in proportion to the steps it touches, not to the plan
/// (a 200-node plan has 1,800 steps, and 25 of them finish together at every batch step).
struct StatusIndex<C: Clock>: Sendable where C.Duration == Duration {
    typealias StepStatus = ExecutorMachine<C>.StepStatus

    /// Plan position per step id.
    private let position: [String: Int]
    /// Plan positions of the steps depending on each step (once per dependency entry).
    private let dependents: [[Int]]
    /// Per step, its dependencies not done yet (unknown ids never are).
    private var missing: [Int]
    /// Plan positions of steps whose dependencies are all done and that are neither done nor failed.
    private(set) var candidates: Set<Int> = []
    /// Steps running now.
    private(set) var running = 0
    /// Steps waiting for a soak or a retry.
    private(set) var waiting = 0
    /// Steps done.
    private(set) var done = 0

    /// Indexes `steps` with their initial `status`.
    init(steps: [Step], status: [String: StepStatus]) {
        var position: [String: Int] = [:]
        for (index, step) in steps.enumerated() where position[step.id] == nil { position[step.id] = index }
        var dependents = Array(repeating: [Int](), count: steps.count)
        var missing = Array(repeating: 0, count: steps.count)
        for (index, step) in steps.enumerated() {
            for dependency in step.dependsOn where status[dependency] != .done {
                missing[index] += 1
                if let from = position[dependency] { dependents[from].append(index) }
            }
        }
        self.position = position
        self.dependents = dependents
        self.missing = missing
        for (index, step) in steps.enumerated() where position[step.id] == index {
            count(status[step.id], by: 1)
            if missing[index] == 0, !Self.isSettled(status[step.id]) { candidates.insert(index) }
        }
    }

    /// Records that step `id` went from `old` to `new`.
    mutating func changed(_ id: String, from old: StepStatus?, to new: StepStatus) {
        guard let index = position[id], old != new else { return }
        count(old, by: -1)
        count(new, by: 1)
        if Self.isSettled(new) { candidates.remove(index) }
        guard new == .done, old != .done else { return }
        for dependent in dependents[index] {
            missing[dependent] -= 1
            if missing[dependent] == 0 { candidates.insert(dependent) }
        }
    }

    private mutating func count(_ status: StepStatus?, by delta: Int) {
        switch status {
        case .running: running += delta
        case .waiting: waiting += delta
        case .done: done += delta
        default: break
        }
    }

    /// Done or failed: never a candidate again.
    private static func isSettled(_ status: StepStatus?) -> Bool {
        switch status {
        case .done, .failed: return true
        default: return false
        }
    }
}
