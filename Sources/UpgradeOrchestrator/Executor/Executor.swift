import UpgradePlan

/// The thin async shell around `ExecutorMachine`: performs its actions (steps in a task group, soak and retry
/// waits on the clock), journals every event, fsync'ed before the next action, and feeds results back.
public struct Executor<C: Clock> where C.Duration == Duration {
    /// Performs steps.
    public var runner: StepRunner<C>
    /// Where events are recorded.
    public var journal: Journal
    /// Forward or rollback walk (tags journal records).
    public var phase: RunPhase
    /// The operator's view.
    public var emit: @Sendable (RunEvent) async -> Void
    /// Yields when the operator asks the run to stop (Ctrl-C, SIGTERM); nil to ignore interrupts.
    public var interrupts: AsyncStream<StopRequest>?

    /// Creates a shell.
    public init(
        runner: StepRunner<C>, journal: Journal, phase: RunPhase, emit: @escaping @Sendable (RunEvent) async -> Void,
        interrupts: AsyncStream<StopRequest>? = nil
    ) {
        self.runner = runner
        self.journal = journal
        self.phase = phase
        self.emit = emit
        self.interrupts = interrupts
    }

    /// Walks until the machine's terminal action (`.finish`, `.pause`, `.rollback`, `.halt`, `.stopped`).
    public func run(_ machine: inout ExecutorMachine<C>) async throws(JournalError) -> ExecutorMachine<C>.Action {
        let byId = Dictionary(machine.steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let clock = runner.clock
        let runner = self.runner
        let interrupts = self.interrupts
        var releasedAt = runner.releases.advance()
        var queue = machine.handle(.start, now: clock.now)
        do {
            return try await withThrowingTaskGroup(of: StepRunner<C>.Outcome?.self) { group in
                /// One child waits for the next stop request at a time (re-added after each).
                func listen() {
                    guard let interrupts else { return }
                    group.addTask {
                        for await request in interrupts {
                            return StepRunner<C>.Outcome(event: .interrupt(request), observed: "", alreadyHeld: false)
                        }
                        return nil
                    }
                }
                listen()
                var stopRequests = 0
                while true {
                    try journalStarts(queue, byId: byId)
                    for action in queue {
                        switch action {
                        case .run(let id, let attempt):
                            guard let step = byId[id] else { continue }
                            await emit(.stepStarted(step: id, attempt: attempt, phase: phase))
                            group.addTask { [releasedAt] in
                                await runner.perform(step, attempt: attempt, releasedAt: releasedAt)
                            }
                        case .wait(let id, let until):
                            if case .waiting(_, nil) = machine.status[id], let step = byId[id] {
                                await emit(.soaking(step: id))
                                group.addTask { await runner.watchSoak(step, until: until) }
                                continue
                            }
                            group.addTask {
                                try? await clock.sleep(until: until, tolerance: nil)
                                return StepRunner<C>.Outcome(event: .timerFired(id), observed: "", alreadyHeld: false)
                            }
                        case .pause, .rollback, .halt, .stopped, .finish, .windowClosed:
                            group.cancelAll()
                            return action
                        }
                    }
                    guard let next = try await group.next() else {
                        return .halt(failedStep: "executor", reason: "no work left in flight")
                    }
                    guard let outcome = next else { continue }
                    if case .interrupt(let request) = outcome.event {
                        stopRequests += 1
                        await emit(.warning(request == .betweenBatches && stopRequests == 1
                            ? "stop requested: the batches in progress finish (zdu.finalize excepted), no new one "
                                + "starts; interrupt again to stop as soon as the steps in flight end"
                            : "stop requested: no new step starts; stopping once the steps in flight end"))
                        listen()
                    }
                    try await journalRestarts(outcome.restarts)
                    let before = outcome.event.stepId.flatMap { machine.status[$0] }
                    releasedAt = runner.releases.advance()
                    let attempt = outcome.event.stepId.flatMap { machine.attempts[$0] }
                    queue = machine.handle(outcome.event, now: clock.now)
                    try await journalTransition(
                        outcome, before: before, after: outcome.event.stepId.flatMap { machine.status[$0] },
                        attempt: attempt, byId: byId)
                }
            }
        } catch let error as JournalError {
            throw error
        } catch {
            throw JournalError.io(path: journal.path, message: "executor: \(error)")
        }
    }

    /// Journals what an event changed: a step done, an attempt failed, a wizard step left to the operator.
    private func journalTransition(
        _ outcome: StepRunner<C>.Outcome, before: ExecutorMachine<C>.StepStatus?,
        after: ExecutorMachine<C>.StepStatus?, attempt: Int?, byId: [String: Step]
    ) async throws(JournalError) {
        switch outcome.event {
        case .stepSucceeded(let id), .timerFired(let id):
            guard after == .done, before != .done else { return }
            let isGate = byId[id]?.kind == .gate
            try record(isGate ? .gatePassed : .stepSucceeded, step: id, observed: outcome.observed)
            if isGate {
                await emit(.gatePassed(step: id))
            } else {
                await emit(.stepSucceeded(
                    step: id, observed: outcome.observed, alreadyHeld: outcome.alreadyHeld, phase: phase))
            }
        case .stepFailed(let id, let reason, _):
            guard let attempt, before != after else { return }
            try record(.stepFailed, step: id, attempt: attempt, observed: outcome.observed, reason: reason)
            await emit(.stepFailed(step: id, attempt: attempt, reason: reason, phase: phase))
        case .awaitingOperator(let id):
            guard after == .awaitingOperator, before != after, let step = byId[id] else { return }
            let instruction = WizardInstruction.text(step.kind, target: runner.version) ?? "perform \(id)"
            try record(.paused, step: id, observed: outcome.observed, reason: "wizard: " + instruction)
            await emit(.wizardStepNeeded(step: id, instruction: instruction, observed: outcome.observed))
        case .start, .interrupt, .processesRestarted:
            return
        }
    }

    /// Journals (durably: the processes run again already) and tells the restarts a check made.
    private func journalRestarts(_ restarts: [ProcessRestart]) async throws(JournalError) {
        guard !restarts.isEmpty else { return }
        try journal.append(contentsOf: restarts.map(\.record))
        for restart in restarts { await emit(.processRestarted(restart)) }
    }

    /// Before the queue's actions: journals the start of every step it runs (up to any terminal action) and makes
    /// them durable together with the results journaled since the last action, in one fsync (a group commit): 25
    /// steps finishing and releasing 25 more cost one fsync, not 50. Nothing is synced while no action follows.
    private func journalStarts(
        _ queue: [ExecutorMachine<C>.Action], byId: [String: Step]
    ) throws(JournalError) {
        var starts: [JournalRecord] = []
        for action in queue {
            switch action {
            case .run(let id, let attempt):
                guard let step = byId[id] else { continue }
                starts.append(JournalRecord(
                    event: .stepStarted, time: Journal.timestamp(), phase: phase, step: id, attempt: attempt,
                    key: runner.key(step)))
            case .wait:
                continue
            case .pause, .rollback, .halt, .stopped, .finish, .windowClosed:
                try journal.append(contentsOf: starts)
                return
            }
        }
        if !queue.isEmpty { try journal.append(contentsOf: starts) }
    }

    /// Writes a step's result; `journalStarts` makes it durable before the next action.
    private func record(
        _ event: JournalEvent, step: String, attempt: Int? = nil, observed: String? = nil, reason: String? = nil
    ) throws(JournalError) {
        try journal.append(contentsOf: [JournalRecord(
            event: event, time: Journal.timestamp(), phase: phase, step: step, attempt: attempt,
            observed: observed, reason: reason)], durable: false)
    }
}
