/// Everything a run tells its operator, as typed values (the CLI prints one line each; NDJSON and a TTY
/// display can render the same values).
public enum RunEvent: Sendable, Equatable {
    /// A walk began.
    case runStarted(system: String, planHash: String, steps: Int, phase: RunPhase, resumed: Bool)
    /// Something the operator should know (torn journal tail, drift accepted...).
    case warning(String)
    /// Resume found a started step's postcondition already holding.
    case reconciled(step: String)
    /// A step's attempt began.
    case stepStarted(step: String, attempt: Int, phase: RunPhase)
    /// A step's postcondition was observed.
    case stepSucceeded(step: String, observed: String, alreadyHeld: Bool, phase: RunPhase)
    /// A step's attempt failed.
    case stepFailed(step: String, attempt: Int, reason: String, phase: RunPhase)
    /// A gate's health check passed; it now soaks.
    case soaking(step: String)
    /// A gate passed.
    case gatePassed(step: String)
    /// The run stopped at steps needing approval.
    case paused(steps: [String])
    /// A wizard step's result is not observed: the operator must perform it in the AWI, then resume.
    case wizardStepNeeded(step: String, instruction: String, observed: String)
    /// A node performs a wizard step with the site's command (node.yaml `wizard:`); the run observes its result.
    case wizardStepScripted(step: String, node: String, operation: String)
    /// A health check restarted a crashed target process (`policy.onCrashedTargetProcess: restart`).
    case processRestarted(ProcessRestart)
    /// The window closes before the next batch could finish: the run stopped at a safe point before `next`.
    case windowClosed(next: String, detail: String)
    /// Rollback began.
    case rollbackStarted(failedStep: String, reason: String, steps: Int)
    /// The run ended.
    case runFinished(outcome: RunOutcome, detail: String)

    /// One plain line for a log or a terminal.
    public var line: String {
        switch self {
        case .runStarted(let system, let hash, let steps, let phase, let resumed):
            let verb = resumed ? "resuming" : "starting"
            return "\(verb) \(phase == .rollback ? "rollback" : "upgrade") of \(system): \(steps) steps "
                + "(plan \(hash.prefix(12)))"
        case .warning(let text):
            return "warning: \(text)"
        case .reconciled(let step):
            return "reconciled \(step): postcondition already holds, recorded done"
        case .stepStarted(let step, let attempt, _):
            return attempt > 1 ? "start \(step) (attempt \(attempt))" : "start \(step)"
        case .stepSucceeded(let step, let observed, let held, _):
            return "done  \(step)\(held ? " (already held)" : "") [\(observed)]"
        case .stepFailed(let step, let attempt, let reason, _):
            return "FAIL  \(step) (attempt \(attempt)): \(reason)"
        case .soaking(let step):
            return "soak  \(step): health checked, soaking"
        case .gatePassed(let step):
            return "pass  \(step)"
        case .paused(let steps):
            return "paused: approval needed for \(steps.joined(separator: ", ")); approve with aeupgrade approve, then resume"
        case .wizardStepNeeded(let step, let instruction, _):
            return "WIZARD \(step): \(instruction)"
        case .wizardStepScripted(let step, let node, let operation):
            return "WIZARD \(step): run by \(node)'s scripted command (operation \(operation)); aeupgrade goes on "
                + "when it observes the result on the farm"
        case .windowClosed(_, let detail):
            return "stopped: \(detail)"
        case .processRestarted(let restart):
            return "RESTART \(restart.process): crashed, started again: \(restart.summary)"
        case .rollbackStarted(let step, let reason, let steps):
            let why = step == RollbackPlanner.operatorCause.step ? "at the operator's request (\(reason))"
                : "\(step) failed (\(reason))"
            return "ROLLBACK \(why); \(steps) rollback steps"
        case .runFinished(let outcome, let detail):
            return "finished: \(outcome.rawValue)\(detail.isEmpty ? "" : " — \(detail)")"
        }
    }
}
