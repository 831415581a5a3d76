import UpgradePlan

extension ExecutorMachine {
    /// What the machine decides from: limits and the operator's choices. Safe defaults in one init.
    public struct Configuration: Sendable, Equatable {
        /// Steps in flight at once (`--parallel N`).
        public var maxParallel: Int
        /// Attempts per step before it counts as failed (policy.retries).
        public var maxAttempts: Int
        /// What a failed step means: roll back or halt (policy.onFailure).
        public var onFailure: FailureAction
        /// Approve every approval gate (`--approve-all`); wizard steps are never approved, only observed.
        public var approveAll: Bool
        /// Steps an operator has approved already (from the journal).
        public var approved: Set<String>
        /// Soak times and retry delays are divided by this (simulated farms run faster than life).
        public var timeScale: Double
        /// Pause before attempt n+1 of a failed step (divided by timeScale), when `retryBackoff` is nil.
        public var retryDelay: Duration
        /// Growing, jittered pauses before attempt n+1 (divided by timeScale), spanning AE's gaps
        /// (`Backoff.spanning`); the jitter is drawn from the step id and attempt, so the same failure at the same
        /// instant always waits the same time. Nil: `retryDelay` every time.
        public var retryBackoff: Backoff?
        /// End of the maintenance window: a unit (batch) starts only when its estimate fits before it; nil: none.
        public var deadline: C.Instant?
        /// Durations measured earlier (journal), refining the estimates the window check uses.
        public var measured: [StepKind: DurationEstimator.Sample]

        /// Creates a configuration.
        public init(
            maxParallel: Int = 4, maxAttempts: Int = 3, onFailure: FailureAction = .rollback,
            approveAll: Bool = false, approved: Set<String> = [],
            timeScale: Double = 1, retryDelay: Duration = .seconds(2), deadline: C.Instant? = nil,
            measured: [StepKind: DurationEstimator.Sample] = [:]
        ) {
            self.maxParallel = max(1, maxParallel)
            self.maxAttempts = max(1, maxAttempts)
            self.onFailure = onFailure
            self.approveAll = approveAll
            self.approved = approved
            self.timeScale = timeScale > 0 ? timeScale : 1
            self.retryDelay = retryDelay
            self.retryBackoff = nil
            self.deadline = deadline
            self.measured = measured
        }
    }

    /// Where a step stands.
    public enum StepStatus: Sendable, Equatable {
        /// Not started (or waiting for its dependencies).
        case pending
        /// Being performed by the shell.
        case running(attempt: Int)
        /// Waiting on the clock: a soak after its health check, or a pause before a retry.
        case waiting(until: C.Instant, nextAttempt: Int?)
        /// Ready, but needs an operator's approval.
        case awaitingApproval
        /// A wizard step whose result was not observed: the operator must perform it in the AWI (then resume).
        case awaitingOperator
        /// Postcondition observed.
        case done
        /// Failed for good (attempts exhausted or not retryable).
        case failed(reason: String)
    }

    /// What happens to the machine.
    public enum Event: Sendable, Equatable {
        /// The run begins (or resumes).
        case start
        /// The shell observed the step's postcondition (for a gate: its health check passed).
        case stepSucceeded(String)
        /// The step's attempt failed (for a soaking gate: health dropped); `retryable` false for errors no retry
        /// can fix.
        case stepFailed(String, reason: String, retryable: Bool)
        /// A wizard step's result was not observed: the operator must perform it.
        case awaitingOperator(String)
        /// A `.wait` deadline was reached.
        case timerFired(String)
        /// A soaking gate's watch restarted crashed target processes (policy.onCrashedTargetProcess) and the
        /// farm is healthy again: the soak goes on to its end.
        case processesRestarted(String)
        /// The operator asked the run to stop (Ctrl-C, SIGTERM): see `StopRequest`.
        case interrupt(StopRequest)

        /// The step the event is about, nil for `start` and `interrupt`.
        public var stepId: String? {
            switch self {
            case .stepSucceeded(let id), .stepFailed(let id, _, _), .timerFired(let id), .awaitingOperator(let id),
                .processesRestarted(let id):
                return id
            case .start, .interrupt: return nil
            }
        }
    }

    /// What the shell must do. The shell reports back with events.
    public enum Action: Sendable, Equatable {
        /// Perform the step: check precondition, POST, poll, await the postcondition (gates: health check).
        case run(String, attempt: Int)
        /// Sleep until the instant, then send `.timerFired(step)`.
        case wait(String, until: C.Instant)
        /// Nothing can go on without an operator: these steps need an approval, or are wizard steps the operator
        /// must perform; stop at this safe point (exit 75).
        case pause([String])
        /// A step failed for good and policy says roll back; nothing is in flight any more.
        case rollback(failedStep: String, reason: String)
        /// A step failed for good and policy says halt; nothing is in flight any more.
        case halt(failedStep: String, reason: String)
        /// The next unit (`next`: its steps) needs `needed` but only `left` remains of the window; nothing is in
        /// flight and no node is out of service: stop here (exit 75) and resume in the next window.
        case windowClosed(next: [String], needed: Duration, left: Duration)
        /// Interrupted and nothing is in flight any more.
        case stopped
        /// Every step is done.
        case finish
    }
}

/// How soon an interrupted run stops. Either way no step is cut off: the run stops where the farm is valid and
/// `resume` continues from the journal.
public enum StopRequest: Sendable, Equatable {
    /// Ctrl-C: finish the batches in progress (their nodes come back into service), start no new one, and never
    /// start `zdu.finalize` (the point of no return), even inside a batch. A second Ctrl-C escalates to `.soon`.
    case betweenBatches
    /// SIGTERM or a second Ctrl-C: start no new step; stop once the steps in flight end (which can leave a batch's
    /// nodes out of service until `resume`).
    case soon
}
