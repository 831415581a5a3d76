import UpgradePlan

/// What a health check (gate, soak, wizard step, final check) does with the crashed processes it found, per
/// `policy.onCrashedTargetProcess`: pure, no I/O. A target-version process is restarted while it has had fewer than
/// `policy.maxRestarts` restarts this run; a base-version process never is (in compatibility mode a stopped base
/// process cannot be started again: KB 84928, docs/ae-model.md AE-ZDU-6); past the limit the check fails as it
/// would without the policy, naming the process and its restarts.
public struct CrashRestartDecision: Sendable, Equatable {
    /// One restart to perform: a process and its restart number this run (1 for the first).
    public struct Restart: Sendable, Equatable {
        /// The crashed process.
        public var process: CrashedProcess
        /// Its restart number this run, from 1 to `policy.maxRestarts`.
        public var number: Int

        /// Creates a value.
        public init(process: CrashedProcess, number: Int) {
            self.process = process
            self.number = number
        }
    }

    /// Restarts to perform, in the order found.
    public var restarts: [Restart] = []
    /// Processes another check is restarting right now: wait for them to run, do not start them again.
    public var beingRestarted: [CrashedProcess] = []
    /// Why each other crashed process is not restarted (the check fails naming it).
    public var refusals: [String] = []

    /// A decision that restarts nothing and refuses nothing.
    public init() {}

    /// Decides for `crashed`, given the restarts already made this run per process id and the processes whose
    /// restart is in progress. With `onCrashedTargetProcess: fail` it decides nothing (the check fails as before).
    public static func decide(
        crashed: [CrashedProcess], policy: Policy, restartsSoFar: [String: Int], inProgress: Set<String> = []
    ) -> CrashRestartDecision {
        var decision = CrashRestartDecision()
        guard policy.onCrashedTargetProcess == .restart else { return decision }
        for process in crashed {
            let done = restartsSoFar[process.id] ?? 0
            if !process.target {
                decision.refusals.append("\(process.id) is a base-version process: it is never restarted while ZDU "
                    + "is on (a stopped base process cannot be started again in compatibility mode, KB 84928, "
                    + "docs/ae-model.md AE-ZDU-6); policy.onCrashedTargetProcess restarts target processes only")
            } else if inProgress.contains(process.id) {
                decision.beingRestarted.append(process)
            } else if done >= policy.maxRestarts {
                decision.refusals.append("\(process.id) crashed again after \(done) restart\(done == 1 ? "" : "s") "
                    + "this run (policy.maxRestarts \(policy.maxRestarts)): not restarted again; find why it "
                    + "crashes, start it by hand (ServiceManager), then resume")
            } else {
                decision.restarts.append(Restart(process: process, number: done + 1))
            }
        }
        return decision
    }
}
