/// What a journal says about a plan's run: folded from its records (the latest generation only).
public struct JournalState: Sendable, Equatable {
    /// Plan hash of the first run record, nil for an empty journal.
    public var planHash: String?
    /// Current generation (1 for the first apply).
    public var generation = 1
    /// Forward steps done.
    public var done: Set<String> = []
    /// Forward steps started and not (yet) done or failed, with their last attempt: in doubt.
    public var inFlight: [String: Int] = [:]
    /// Last attempt per step (forward and rollback).
    public var attempts: [String: Int] = [:]
    /// Forward steps whose last attempt failed.
    public var failed: [String: String] = [:]
    /// Rollback steps done.
    public var rollbackDone: Set<String> = []
    /// Whether a rollback started (and is the current walk).
    public var rollbackStarted = false
    /// The step whose failure started the rollback, and why.
    public var rollbackCause: (step: String, reason: String)?
    /// Steps approved by an operator.
    public var approved: Set<String> = []
    /// Outcome of the last finished run, nil when the last run did not finish (a crash). A run refused before any
    /// change leaves the outcome of the run before it (a halted upgrade stays halted for `apply`'s refusal).
    public var lastOutcome: String?
    /// `lastOutcome` when the current run started: what a refused run leaves.
    private var outcomeBeforeRun: String?
    /// Whether the last run wrote its end record (false while it runs, or when it was killed).
    public var lastRunEnded = false
    /// Whether any run record exists.
    public var hasRun = false
    /// Number of records folded.
    public var recordCount = 0

    /// Whether the journal describes an upgrade that still needs work (resume or rollback).
    public var isUnfinished: Bool {
        hasRun && lastOutcome != RunOutcome.done.rawValue && lastOutcome != RunOutcome.rolledBack.rawValue
    }

    /// Whether zdu.finalize is done: no way back.
    public func finalized(finalizeIds: Set<String>) -> Bool {
        !done.isDisjoint(with: finalizeIds)
    }

    /// Folds records into a state.
    public init(records: [JournalRecord]) {
        for record in records { apply(record) }
    }

    /// Folds one more record.
    public mutating func apply(_ record: JournalRecord) {
        recordCount += 1
        let step = record.step ?? ""
        let rollback = record.phase == .rollback
        switch record.event {
        case .runStarted:
            if planHash == nil { planHash = record.planHash }
            let before = lastOutcome
            let generation = record.generation ?? 1
            if generation > self.generation {
                self = JournalState(planHash: planHash, generation: generation, recordCount: recordCount)
            }
            hasRun = true
            outcomeBeforeRun = before
            lastOutcome = nil
            lastRunEnded = false
        case .stepStarted:
            attempts[step] = record.attempt ?? 1
            if !rollback { inFlight[step] = record.attempt ?? 1; failed[step] = nil }
        case .stepSucceeded, .gatePassed:
            if rollback { rollbackDone.insert(step) } else { done.insert(step); inFlight[step] = nil }
        case .stepFailed:
            if !rollback { inFlight[step] = nil; failed[step] = record.reason ?? "failed" }
        case .approved:
            // An approval is bound to the plan it was given for: on an empty journal it names the journal's plan
            // (a later apply of another plan archives it); an approval of another plan approves nothing here.
            if planHash == nil { planHash = record.planHash }
            if record.planHash == nil || record.planHash == planHash { approved.insert(step) }
        case .rollbackStarted:
            rollbackStarted = true
            rollbackCause = (step, record.reason ?? "")
        case .paused:
            // A wizard step left to the operator is no longer in flight: resume observes it again.
            if !rollback, record.step != nil { inFlight[step] = nil }
        case .rollbackFinished, .driftAccepted, .processRestarted:
            break
        case .runFinished:
            lastRunEnded = true
            lastOutcome = record.outcome == RunOutcome.refused.rawValue ? outcomeBeforeRun : record.outcome
        }
    }

    private init(planHash: String?, generation: Int, recordCount: Int) {
        self.planHash = planHash
        self.generation = generation
        self.recordCount = recordCount
    }

    /// Equality ignoring the tuple field's labels.
    public static func == (lhs: JournalState, rhs: JournalState) -> Bool {
        lhs.planHash == rhs.planHash && lhs.generation == rhs.generation && lhs.done == rhs.done
            && lhs.inFlight == rhs.inFlight && lhs.rollbackDone == rhs.rollbackDone
            && lhs.rollbackStarted == rhs.rollbackStarted && lhs.lastOutcome == rhs.lastOutcome
            && lhs.rollbackCause?.step == rhs.rollbackCause?.step && lhs.approved == rhs.approved
    }
}

/// How a run ends; raw values are journaled.
public enum RunOutcome: String, Sendable, Equatable, Codable {
    /// Every step done.
    case done
    /// A step failed and the rollback finished.
    case rolledBack
    /// A step failed (or the rollback failed) and the run halted.
    case halted
    /// Stopped at a step needing approval.
    case paused
    /// Interrupted at a safe point.
    case stopped
    /// Refused before any change (stale input, drift, lock).
    case refused
}
