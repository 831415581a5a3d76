import UpgradePlan

/// The executor's decisions as a pure state machine: events in, actions out, no I/O, time only as `now` values.
///
/// A step runs only when its dependencies are done; steps that can run at the same time do, at most
/// `maxParallel` at once, in plan order. A failed attempt is retried after a delay until `maxAttempts`; then no
/// new step starts, and once nothing is in flight the machine asks for rollback or halt per policy. A wizard step
/// whose result is not observed waits for the operator: the run stops (`.pause`) once nothing else can go on.
public struct ExecutorMachine<C: Clock>: Sendable where C.Duration == Duration {
    /// The steps walked, in plan order.
    public let steps: [Step]
    /// The decision inputs.
    public let configuration: Configuration
    /// Status per step id.
    public private(set) var status: [String: StepStatus]
    /// Attempt numbers already used per step (a resumed step re-issues its journaled attempt).
    public private(set) var attempts: [String: Int]
    /// Steps whose soak has elapsed (a soak gate runs its health check, then waits).
    private var soaked: Set<String> = []
    /// The first step that failed for good, and why.
    public private(set) var rootFailure: (step: String, reason: String)?
    private var interrupted = false
    /// A Ctrl-C asked to stop between batches: started units finish, no new one starts.
    private var stopBetweenBatches = false
    private var finished = false
    /// Batches and lone steps: what the window and approvals stop between.
    public let units: BatchUnits
    /// Estimated durations, refined as steps finish.
    public private(set) var estimator: DurationEstimator
    private var startedAt: [String: C.Instant] = [:]
    private var byId: [String: Step]
    /// The unit the window stopped before, with its estimate and the time left.
    private var windowBlock: (next: [String], needed: Duration, left: Duration)?
    /// Ready candidates and status counts, kept up to date by `set`.
    private var index: StatusIndex<C>

    /// Creates a machine; `done` are steps already done (resume), `attempts` the attempts journaled per step.
    public init(steps: [Step], configuration: Configuration, done: Set<String> = [], attempts: [String: Int] = [:]) {
        self.steps = steps
        self.configuration = configuration
        self.attempts = attempts
        var status: [String: StepStatus] = [:]
        for step in steps { status[step.id] = done.contains(step.id) ? .done : .pending }
        self.status = status
        units = BatchUnits(steps: steps)
        estimator = DurationEstimator(timeScale: configuration.timeScale, measured: configuration.measured)
        byId = Dictionary(steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        index = StatusIndex(steps: steps, status: status)
    }

    /// Steps currently in flight.
    public var running: [String] {
        steps.map(\.id).filter { if case .running = status[$0] { return true } else { return false } }
    }

    /// Whether every step is done.
    public var allDone: Bool { index.done == status.count }

    /// Feeds one event at time `now`; returns the actions to perform, in order.
    public mutating func handle(_ event: Event, now: C.Instant) -> [Action] {
        guard !finished else { return [] }
        var actions: [Action] = []
        switch event {
        case .start:
            break
        case .stepSucceeded(let id):
            guard case .running = status[id] else { return [] }
            if let seconds = soakSeconds(id), !soaked.contains(id), seconds > 0 {
                // A stop was asked for: the gate stands between batches, so stop before soaking (resume soaks).
                if stopBetweenBatches || interrupted {
                    set(id, .pending)
                    return schedule(now: now)
                }
                let until = now.advanced(by: scaled(.seconds(seconds)))
                set(id, .waiting(until: until, nextAttempt: nil))
                actions.append(.wait(id, until: until))
            } else {
                markDone(id, now: now)
            }
        case .stepFailed(let id, let reason, let retryable):
            let attempt: Int
            switch status[id] {
            case .running(let running): attempt = running
            case .waiting(_, nil): attempt = attempts[id] ?? 1  // a soak whose health watch saw health drop
            default: return []
            }
            if retryable, attempt < configuration.maxAttempts, rootFailure == nil, interrupted {
                set(id, .pending)  // stopping: resume retries it; a stop request never turns into a rollback
            } else if retryable, attempt < configuration.maxAttempts, rootFailure == nil {
                let until = now.advanced(by: scaled(retryDelay(id, after: attempt)))
                set(id, .waiting(until: until, nextAttempt: attempt + 1))
                actions.append(.wait(id, until: until))
            } else {
                set(id, .failed(reason: reason))
                if rootFailure == nil { rootFailure = (id, reason) }
            }
        case .awaitingOperator(let id):
            guard case .running = status[id] else { return [] }
            set(id, .awaitingOperator)
        case .timerFired(let id):
            guard case .waiting(_, let nextAttempt) = status[id] else { return [] }
            if let nextAttempt {
                set(id, .pending)
                attempts[id] = nextAttempt - 1
            } else {
                soaked.insert(id)
                markDone(id, now: now)
            }
        case .processesRestarted(let id):
            // The watch ended to report its restarts; the soak's end stays where it was.
            guard case .waiting(let until, nil) = status[id] else { return [] }
            actions.append(.wait(id, until: until))
        case .interrupt(let request):
            if request == .soon || stopBetweenBatches {
                interrupted = true
                for (id, value) in status {
                    if case .waiting = value { set(id, .pending) }
                }
            } else {
                stopBetweenBatches = true
                // A soaking gate stands between batches: stop there (resume soaks again).
                for (id, value) in status {
                    if case .waiting(_, nil) = value { set(id, .pending) }
                }
            }
        }
        actions += schedule(now: now)
        return actions
    }

    /// The pause before the attempt after `attempt` of step `id`, before scaling.
    func retryDelay(_ id: String, after attempt: Int) -> Duration {
        guard let backoff = configuration.retryBackoff else { return configuration.retryDelay }
        return backoff.delay(afterAttempt: attempt, jitter: Backoff.jitter(for: id, attempt: attempt))
    }

    /// Starts what is ready, or ends the run when nothing more can happen.
    private mutating func schedule(now: C.Instant) -> [Action] {
        let inFlight = index.running
        let anyWaiting = index.waiting > 0
        if let failure = rootFailure {
            guard inFlight == 0 else { return [] }
            finished = true
            switch configuration.onFailure {
            case .rollback: return [.rollback(failedStep: failure.step, reason: failure.reason)]
            case .halt: return [.halt(failedStep: failure.step, reason: failure.reason)]
            }
        }
        if interrupted {
            guard inFlight == 0 else { return [] }
            finished = true
            return [.stopped]
        }
        if allDone {
            finished = true
            return [.finish]
        }
        var actions: [Action] = []
        var slots = configuration.maxParallel - inFlight
        windowBlock = nil
        for position in index.candidates.sorted() where slots > 0 && isReady(steps[position]) {
            let step = steps[position]
            // After a stop request nothing crosses the point of no return, even inside the batch in progress.
            if stopBetweenBatches, step.kind == .zduFinalize { continue }
            if !unitStarted(step.id) {
                if stopBetweenBatches { continue }
                let members = units.steps(inUnitOf: step.id).compactMap { byId[$0] }
                let needing = members.filter(needsApproval).map(\.id)
                if !needing.isEmpty {
                    for id in needing { set(id, .awaitingApproval) }
                    continue
                }
                if let deadline = configuration.deadline {
                    let needed = estimator.criticalPath(members.filter { status[$0.id] != .done })
                    let left = now < deadline ? now.duration(to: deadline) : .zero
                    if needed > left {
                        if windowBlock == nil { windowBlock = (members.map(\.id), needed, left) }
                        continue
                    }
                }
            }
            if needsApproval(step) {
                set(step.id, .awaitingApproval)
                continue
            }
            let attempt = (attempts[step.id] ?? 0) + 1
            attempts[step.id] = attempt
            set(step.id, .running(attempt: attempt))
            actions.append(.run(step.id, attempt: attempt))
            startedAt[step.id] = startedAt[step.id] ?? now
            slots -= 1
        }
        if actions.isEmpty, index.running == 0, !anyWaiting {
            if stopBetweenBatches {
                finished = true
                return [.stopped]
            }
            let blocked = steps.map(\.id).filter {
                status[$0] == .awaitingApproval || status[$0] == .awaitingOperator
            }
            finished = true
            if blocked.isEmpty, let window = windowBlock {
                return [.windowClosed(next: window.next, needed: window.needed, left: window.left)]
            }
            if blocked.isEmpty {
                rootFailure = ("plan", "no step can start: a dependency names an unknown or failed step")
                return [.halt(failedStep: "plan", reason: rootFailure!.reason)]
            }
            return [.pause(blocked)]
        }
        return actions
    }

    /// Whether any step of `step`'s unit has begun (the window and approvals never stop a started unit).
    private func unitStarted(_ id: String) -> Bool {
        units.steps(inUnitOf: id).contains { member in
            switch status[member] {
            case .pending, .awaitingApproval, nil: return false
            default: return true
            }
        }
    }

    private mutating func markDone(_ id: String, now: C.Instant) {
        set(id, .done)
        if let begin = startedAt.removeValue(forKey: id), let step = byId[id] {
            estimator.record(step.kind, plannedSeconds: step.estimateSeconds, actual: begin.duration(to: now))
        }
    }

    /// Sets a step's status, keeping the index in step.
    private mutating func set(_ id: String, _ new: StepStatus) {
        let old = status.updateValue(new, forKey: id)
        index.changed(id, from: old, to: new)
    }

    private func isReady(_ step: Step) -> Bool {
        guard status[step.id] == .pending || status[step.id] == .awaitingApproval else { return false }
        return step.dependsOn.allSatisfy { status[$0] == .done }
    }

    /// Approval gates need an approval; wizard steps never do (`awaitingOperator` stops them until observed).
    private func needsApproval(_ step: Step) -> Bool {
        if configuration.approveAll || configuration.approved.contains(step.id) { return false }
        return step.kind == .gate && step.gate == .approval
    }

    private func soakSeconds(_ id: String) -> Int? {
        guard let step = byId[id], step.kind == .gate,
            case .soak(let seconds) = step.gate
        else { return nil }
        return seconds
    }

    private func scaled(_ duration: Duration) -> Duration {
        duration / configuration.timeScale
    }
}
