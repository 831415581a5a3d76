/// Kinds of journal records.
public enum JournalEvent: String, Sendable, Equatable, Codable {
    /// A run (apply, resume or rollback) began: plan hash, generation.
    case runStarted
    /// A step's attempt began (its POST may follow): step, attempt, idempotency key.
    case stepStarted
    /// A step's postcondition was observed: step, attempt, observed state.
    case stepSucceeded
    /// A step's attempt failed: step, attempt, reason, observed state.
    case stepFailed
    /// A gate's health check and soak passed.
    case gatePassed
    /// The run stopped: at a step needing approval, at a wizard step the operator must perform (reason
    /// `wizard: <instruction>`), or at the end of a window (no step).
    case paused
    /// An operator approved an approval gate.
    case approved
    /// Resume found live state contradicting the journal and the operator accepted it (`--accept-drift`).
    case driftAccepted
    /// A health check restarted a crashed target process (`policy.onCrashedTargetProcess: restart`): the process,
    /// the check's step (absent for the final check), the restart number as `attempt`, the POST's key.
    case processRestarted
    /// Rollback began: the failed step and why.
    case rollbackStarted
    /// Rollback ended: outcome.
    case rollbackFinished
    /// The run ended: outcome (done, rolledBack, halted, paused, stopped, failed).
    case runFinished
}

/// Which walk a step record belongs to.
public enum RunPhase: String, Sendable, Equatable, Codable {
    /// The plan's steps.
    case forward
    /// The rollback plan's steps.
    case rollback
}

/// One line of the journal. Fields not used by a record kind are absent. Never holds a secret.
public struct JournalRecord: Sendable, Equatable, Codable {
    /// What happened.
    public var event: JournalEvent
    /// When, ISO 8601 UTC.
    public var time: String
    /// The plan's hash (run records).
    public var planHash: String?
    /// The system name (run records).
    public var system: String?
    /// Forward or rollback walk.
    public var phase: RunPhase?
    /// Step id.
    public var step: String?
    /// Attempt number, from 1.
    public var attempt: Int?
    /// Idempotency key of the attempt's POST.
    public var key: String?
    /// Summary of the live state observed.
    public var observed: String?
    /// Why (failures, pauses, rollback).
    public var reason: String?
    /// How a run or rollback ended.
    public var outcome: String?
    /// Apply generation: 1, then +1 for each apply after a finished rollback.
    public var generation: Int?
    /// pid of the writing process (run records).
    public var pid: Int?
    /// Host of the writing process (run records).
    public var host: String?
    /// Who approved (approval records, `aeupgrade approve --by`).
    public var by: String?
    /// The approver's note (approval records, `aeupgrade approve --comment`).
    public var comment: String?
    /// Simulated seconds per real second of the farm the run drove (run records on a simulated farm; absent on a
    /// real one), so a report later labels its times as simulated without being told.
    public var timeScale: Double?
    /// The process a `processRestarted` record is about (`AE_1B/WP2@24.4.4`).
    public var process: String?

    /// Creates a record.
    public init(
        event: JournalEvent, time: String, planHash: String? = nil, system: String? = nil, phase: RunPhase? = nil,
        step: String? = nil, attempt: Int? = nil, key: String? = nil, observed: String? = nil,
        reason: String? = nil, outcome: String? = nil, generation: Int? = nil, pid: Int? = nil, host: String? = nil,
        by: String? = nil, comment: String? = nil, timeScale: Double? = nil, process: String? = nil
    ) {
        self.event = event
        self.time = time
        self.planHash = planHash
        self.system = system
        self.phase = phase
        self.step = step
        self.attempt = attempt
        self.key = key
        self.observed = observed
        self.reason = reason
        self.outcome = outcome
        self.generation = generation
        self.pid = pid
        self.host = host
        self.by = by
        self.comment = comment
        self.timeScale = timeScale
        self.process = process
    }
}
