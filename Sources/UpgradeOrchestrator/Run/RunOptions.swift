import UpgradePlan

/// How a run behaves: the command line's choices, with safe defaults in one init.
public struct RunOptions: Sendable {
    /// Directory holding the journal and the lock (`--state-dir`).
    public var stateDirectory: String
    /// Steps in flight at once (`--parallel`); nil takes the node count (the plan's DAG bounds nodes down).
    public var parallel: Int?
    /// Approve every approval gate (`--approve-all`); wizard steps are never approved, only observed.
    public var approveAll: Bool
    /// Continue from what is observed when live state contradicts the journal or the plan (`--accept-drift`).
    public var acceptDrift: Bool
    /// Soaks, retry delays and step deadlines are divided by this (for simulated farms).
    public var timeScale: Double
    /// Pause between polls of an operation or a postcondition.
    public var pollInterval: Duration
    /// Step deadline before scaling; nil takes the policy's stepTimeoutSeconds.
    public var stepTimeout: Duration?
    /// Pause before retrying a failed step, before scaling.
    public var retryDelay: Duration
    /// Time left in the maintenance window when the run starts (`--window`, `--until`); nil: no window.
    public var windowLeft: Duration?
    /// Where the journal, lock and approvals live; nil: the file backend on `stateDirectory`.
    public var state: (any StateBackend)?
    /// Claim the farm even from another state's unfinished run (`--take-over-farm`: that state is lost).
    public var takeOverFarm = false
    /// The window's end in words, for messages ("window 02:00-04:00 closes at 2026-11-26T04:00:00+01:00").
    public var windowEnd: String?
    /// Let `apply` go on from a journal that halted, is rolling back or was rolled back (`apply --continue`);
    /// without it `apply` refuses such a journal, so an unattended run never decides what a human should.
    public var continueAfterFailure = false

    /// Creates options.
    public init(
        stateDirectory: String = ".aeupgrade", parallel: Int? = nil, approveAll: Bool = false,
        acceptDrift: Bool = false, timeScale: Double = 1, pollInterval: Duration = .milliseconds(250),
        stepTimeout: Duration? = nil, retryDelay: Duration = .seconds(2)
    ) {
        self.stateDirectory = stateDirectory
        self.parallel = parallel
        self.approveAll = approveAll
        self.acceptDrift = acceptDrift
        self.timeScale = timeScale > 0 ? timeScale : 1
        self.pollInterval = pollInterval
        self.stepTimeout = stepTimeout
        self.retryDelay = retryDelay
    }
}

/// What a command asks for.
public enum RunMode: String, Sendable {
    /// Start (or continue an unfinished journal of the same plan).
    case apply
    /// Continue an unfinished journal.
    case resume
    /// Roll back what the journal says was done.
    case rollback
}

/// How a run ended, for the exit code.
public enum RunResult: Sendable, Equatable {
    /// Every step done (exit 0).
    case done
    /// A step failed and the rollback finished (exit 4), or `rollback` finished (exit 0 for the rollback command).
    case rolledBack(failedStep: String, reason: String)
    /// A step failed and the run halted (exit 5).
    case halted(failedStep: String, reason: String)
    /// Stopped at steps needing approval, or at wizard steps the operator must perform (exit 75).
    case paused([String])
    /// Stopped at a safe point because the next batch does not fit in the window (exit 75).
    case windowClosed(detail: String)
    /// Interrupted at a safe point (exit 130).
    case stopped
}

/// Why a run refused to start or could not go on (exit 1).
public enum RunError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Journal or lock problem before the run record: nothing changed by this run.
    case journal(JournalError)
    /// The journal could not be written after the run record (disk full, file size limit, file deleted): the farm
    /// may have changed since its last record.
    case journalWrite(JournalError)
    /// A node could not be asked before any change.
    case node(NodeError)
    /// Live state contradicts the plan or journal.
    case drift([String])
    /// A node refused the run's fencing token before any change: another run drives the farm.
    case fenced(FarmClaim.Refusal)
    /// The saved plan no longer matches its topology.
    case stale(String)
    /// No rollback is possible.
    case rollback(RollbackError)
    /// The journal holds nothing to resume or roll back.
    case nothingToDo(String)
    /// The journal holds no run (empty or missing), yet the farm is not in the state the plan starts from: what
    /// was done, and by which run, cannot be known, so `command` claims nothing and changes nothing.
    case noRunButChanged(command: String, journal: String, observed: [String])
    /// The journal says the upgrade is done, but live state does not show it.
    case doneButNotObserved(journal: String, observed: [String])
    /// `apply` found a journal that halted, is rolling back or was rolled back, and `--continue` was not given.
    case needsDecision(found: String, journal: String, next: String)

    /// What happened and what to do.
    public var description: String {
        switch self {
        case .journal(let error): return error.description
        case .journalWrite(let error):
            if case .fenced = error { return error.description }
            return "cannot write the journal: \(error.description). The run stopped; the farm may have changed since "
                + "the journal's last record. Fix the cause (free disk space, raise the file size limit), then run "
                + "resume: steps in doubt are observed on the nodes"
        case .node(let error): return error.description
        case .drift(let differences):
            let unreachable = differences.contains { $0.contains("unreachable") }
            return "live state contradicts the expected state:\n" + differences.map { "  - \($0)" }.joined(separator: "\n")
                + (unreachable ? "\na node that does not answer is never accepted as drift: check its endpoint (the "
                    + "topology, or --endpoints) and its node agent, then rerun" : "")
                + (differences.allSatisfy { $0.contains("unreachable") } ? ""
                    : "\nfix the farm, or rerun with --accept-drift to continue from what is observed")
        case .fenced(let refusal): return refusal.description
        case .stale(let reason): return "stale plan: \(reason)"
        case .rollback(let error): return error.description
        case .nothingToDo(let reason): return reason
        case .noRunButChanged(let command, let journal, let observed):
            return "\(command) refused: \(journal) holds no run (empty or missing), but the farm is not in the state "
                + "the plan starts from:\n" + observed.map { "  - \($0)" }.joined(separator: "\n")
                + "\nwhat was done cannot be known without its journal, so nothing was changed. Use the --state-dir "
                + "of the run that changed the farm, or bring the farm back by hand (aeupgrade status shows it)"
        case .doneButNotObserved(let journal, let observed):
            return "\(journal) says the upgrade is done, but live state does not show it:\n"
                + observed.map { "  - \($0)" }.joined(separator: "\n")
                + "\nnothing was changed; fix the farm (aeupgrade status shows it)"
        case .needsDecision(let found, let journal, let next):
            return "apply refused: \(journal) holds a run that \(found). A human decides what happens next: \(next)"
        }
    }
}
