import Foundation
import UpgradePlan

/// One apply, resume or rollback of a plan: takes the lock, reads the journal, refuses stale input and drift,
/// reconciles in-doubt steps with live state, walks the plan, and rolls back or halts on failure.
public struct UpgradeRun<C: Clock> where C.Duration == Duration {
    /// The validated plan.
    public var plan: Plan { didSet { planHash = PlanIdentity.hash(plan) } }
    /// The nodes.
    public var client: any NodeClient
    /// The operator's choices.
    public var options: RunOptions
    /// The clock for deadlines, soaks and polls.
    public var clock: C
    /// The operator's view.
    public var emit: @Sendable (RunEvent) async -> Void
    /// Yields on Ctrl-C (forward walks stop at a safe point; a rollback is not interrupted).
    public var interrupts: AsyncStream<StopRequest>?

    /// Creates a run.
    public init(
        plan: Plan, client: any NodeClient, options: RunOptions, clock: C,
        emit: @escaping @Sendable (RunEvent) async -> Void, interrupts: AsyncStream<StopRequest>? = nil
    ) {
        self.plan = plan
        self.planHash = PlanIdentity.hash(plan)
        self.client = client
        self.options = options
        self.clock = clock
        self.emit = emit
        self.interrupts = interrupts
    }

    /// The plan's hash, as journaled: computed once (hashing a 10,000-step plan is not free), again only when
    /// `plan` changes.
    public private(set) var planHash: String

    /// Journal path for this system under the state directory.
    public static func journalPath(stateDirectory: String, system: String) -> String {
        "\(stateDirectory)/\(system).journal.jsonl"
    }

    /// Where the run's state lives: `options.state`, else the file backend on `options.stateDirectory`.
    public var backend: any StateBackend {
        options.state ?? FileStateBackend(directory: options.stateDirectory)
    }

    /// Performs the run: takes the run lock of the state backend, runs, releases the lock.
    public func execute(_ mode: RunMode) async throws(RunError) -> RunResult {
        if let reason = PlanIdentity.staleness(plan) { throw .stale(reason) }
        let lock: any StateLock
        do { lock = try await backend.lock(system: plan.system, purpose: mode.rawValue) } catch { throw .journal(error) }
        let outcome: Result<RunResult, RunError>
        do { outcome = .success(try await execute(mode, holding: lock)) } catch { outcome = .failure(error) }
        await lock.release()
        return try outcome.get()
    }

    private func execute(_ mode: RunMode, holding lock: any StateLock) async throws(RunError) -> RunResult {
        var run = self
        run.client = FarmClaim.fencing(client, with: lock.fence)
        let journal: Journal
        do throws(JournalError) { journal = try await run.openJournal(lock) } catch { throw .journal(error) }
        for warning in journal.warnings { await emit(.warning(warning)) }
        if let holder = lock.tookOverFrom {
            await emit(.warning("took over the lease of \(journal.path) from \(holder): its heartbeat stopped"))
        }
        var state = journal.state
        if lock.tookOverFrom == nil, state.hasRun, !state.lastRunEnded, let holder = RunLock.lastRun(journal.records) {
            await emit(.warning("took over the lock of \(journal.path) from \(holder): that run ended without "
                + "finishing (its process no longer holds the lock)"))
        }
        var generation = state.generation
        // Resumed only when a step was ever started: a journal whose runs were all refused or stopped before the
        // first step still gets the first apply's check of the farm.
        var resumed = state.isUnfinished && !(state.attempts.isEmpty && !state.rollbackStarted)
        switch mode {
        case .resume:
            guard state.hasRun else {
                let observed = await differencesWithoutJournal()
                guard observed.isEmpty else {
                    throw .noRunButChanged(command: "resume", journal: journal.path, observed: observed)
                }
                throw .nothingToDo("nothing started: \(journal.path) holds no run record; run apply (the farm is "
                    + "in the state the plan starts from, as observed)")
            }
            if state.lastOutcome == RunOutcome.done.rawValue {
                return try await alreadyDone(journal)
            }
            guard state.isUnfinished else {
                throw .nothingToDo("nothing to resume: \(journal.path) holds a run that was rolled back; "
                    + "run apply --continue to start a new attempt from what it observes")
            }
        case .rollback:
            guard state.hasRun else {
                let observed = await differencesWithoutJournal()
                guard observed.isEmpty else {
                    throw .noRunButChanged(command: "rollback", journal: journal.path, observed: observed)
                }
                throw .nothingToDo("nothing to roll back: \(journal.path) holds no run, and the farm is in the "
                    + "state the plan starts from, as observed")
            }
            // Refused before anything is journaled: a finished upgrade stays finished (not "halted").
            let phase = try? await LiveState.systemState(client, topology: plan.topology).zdu.phase
            if let refusal = RollbackPlanner.refusal(plan, done: state.done, phase: phase) { throw .rollback(refusal) }
        case .apply:
            if state.hasRun, state.lastOutcome == RunOutcome.done.rawValue {
                return try await alreadyDone(journal)
            }
            if let refusal = Self.applyRefusal(state, records: journal.records), !options.continueAfterFailure {
                throw .needsDecision(found: refusal.found, journal: journal.path, next: refusal.next)
            }
            if state.hasRun, state.lastOutcome == RunOutcome.rolledBack.rawValue {
                generation += 1
                resumed = false
                state = JournalState(records: [])
            }
        }
        let nodes = plan.topology.nodes.map(\.name)
        let claim: FarmClaim.Claim
        do {
            claim = try await FarmClaim.claim(
                run.client, nodes: nodes, token: lock.fence, takeover: options.takeOverFarm)
        } catch {
            throw .fenced(error)
        }
        for warning in claim.warnings { await emit(.warning(warning)) }
        let checksStart = Self.checksStart(mode, journal.state, resumed: resumed)
        try record(journal, JournalRecord(
            event: .runStarted, time: Journal.timestamp(), planHash: planHash, system: plan.system,
            reason: mode.rawValue, generation: generation, pid: Int(getpid()),
            host: ProcessInfo.processInfo.hostName, timeScale: options.timeScale == 1 ? nil : options.timeScale))
        do {
            let result = try await run.proceed(mode, journal, generation: generation, resumed: resumed)
            if journal.state.isUnfinished == false {
                // The upgrade finished (done or rolled back): another state may drive the farm from now on.
                for failure in await FarmClaim.release(run.client, nodes: nodes, token: lock.fence) {
                    await emit(.warning("the farm was not released: \(failure)"))
                }
            }
            return result
        } catch .journal(let error) {
            throw .journalWrite(error)
        } catch {
            if checksStart { await run.releaseAfterRefusal(error, claim: claim, token: lock.fence) }
            await run.endRefused(journal, error)
            throw error
        }
    }

    /// After the run record: rolls back, or checks the start (or reconciles) and walks the plan. A journal error from
    /// here on may follow changes to the farm (`RunError.journalWrite`).
    private func proceed(
        _ mode: RunMode, _ journal: Journal, generation: Int, resumed: Bool
    ) async throws(RunError) -> RunResult {
        let state = journal.state
        if mode == .rollback || state.rollbackStarted {
            let cause = state.rollbackCause ?? RollbackPlanner.operatorCause
            return try await rollback(journal, failedStep: cause.step, reason: cause.reason, generation: generation)
        }
        if !resumed {
            try await checkStart(journal, continuing: generation > 1)
        } else {
            if let running = await settleInFlight(before: "\(mode.rawValue) reconciles the steps in doubt") {
                try await finish(journal, .halted, running)
                return .halted(failedStep: "operations in flight", reason: running)
            }
            try await reconcile(journal, state: state)
        }
        return try await forward(journal, generation: generation, resumed: resumed)
    }

    /// Why `apply` without `--continue` must not go on from this journal, or nil: a run that halted, a rollback
    /// in progress, or a finished rollback need a human's decision (the README's nightly cron job must not resume
    /// them on its own). A paused, stopped or crashed run is continued.
    static func applyRefusal(
        _ state: JournalState, records: [JournalRecord]
    ) -> (found: String, next: String)? {
        guard state.hasRun else { return nil }
        let last = records.last { $0.event == .runFinished }?.reason.map { " (\($0))" } ?? ""
        if state.lastOutcome == RunOutcome.rolledBack.rawValue {
            return ("was rolled back\(last)", "`aeupgrade apply --continue` starts a new attempt from what it "
                + "observes; `aeupgrade status` shows where the farm stands")
        }
        if state.rollbackStarted, state.isUnfinished {
            return ("is rolling back" + (state.lastOutcome.map { ", last \($0)" } ?? "") + last,
                "`aeupgrade resume` (or `rollback`) continues the rollback")
        }
        if state.lastOutcome == RunOutcome.halted.rawValue {
            return ("halted\(last)", "`aeupgrade resume` continues it, `aeupgrade rollback` falls back, "
                + "`aeupgrade apply --continue` continues it too")
        }
        return nil
    }

    /// A finished journal: "already done" once live state shows the upgrade, else refused with what it shows.
    private func alreadyDone(_ journal: Journal) async throws(RunError) -> RunResult {
        let problems = await upgradeProblems()
        guard problems.isEmpty else { throw .doneButNotObserved(journal: journal.path, observed: problems) }
        await emit(.runFinished(
            outcome: .done, detail: "already done according to \(journal.path), and observed on the farm"))
        return .done
    }

    private func openJournal(_ lock: any StateLock) async throws(JournalError) -> Journal {
        let existing = try await lock.read()
        let state = JournalState(records: existing.records)
        if let hash = state.planHash, hash != planHash {
            guard !state.isUnfinished else {
                throw .otherPlan(path: lock.location, journalPlanHash: hash, planHash: planHash)
            }
            let archive = try await lock.archive(existing, planHash: hash)
            await emit(.warning("archived the finished journal of another plan to \(archive)"))
            return try await lock.journal(after: .empty(replacing: existing.fileLength))
        }
        return try await lock.journal(after: existing)
    }

    /// First apply: the farm must look as the plan assumes (after a finished fallback: as a fallback leaves it).
    private func checkStart(_ journal: Journal, continuing: Bool) async throws(RunError) {
        let live: LiveState
        do { live = try await LiveState.fetch(client, topology: plan.topology) } catch { throw .node(error) }
        let differences = continuing ? DriftCheck.continueDifferences(plan, live: live)
            : DriftCheck.startDifferences(plan, live: live)
        guard !differences.isEmpty else { return }
        let unreachable = differences.filter { $0.contains("unreachable") }
        guard options.acceptDrift, unreachable.isEmpty else {
            try await finish(journal, .refused, differences.joined(separator: "; "))
            throw .drift(differences)
        }
        try await acceptDrift(journal, differences)
    }

    /// Resume: in-doubt steps whose postcondition holds are recorded done; live state must match the journal.
    private func reconcile(_ journal: Journal, state: JournalState) async throws(RunError) {
        let live: LiveState
        do { live = try await LiveState.fetch(client, topology: plan.topology) } catch { throw .node(error) }
        let differences = DriftCheck.resumeDifferences(plan, journal: state, live: live)
        if !differences.isEmpty {
            guard options.acceptDrift else { throw .drift(differences) }
            try await acceptDrift(journal, differences)
        }
        for (id, attempt) in state.inFlight.sorted(by: { $0.key < $1.key }) {
            guard let step = plan.step(id: id), !Postcondition.isObserveOnly(step.kind),
                Postcondition.holds(step.kind, nodes: step.nodes, version: plan.topology.versions.target, live: live)
            else { continue }
            try record(journal, JournalRecord(
                event: .stepSucceeded, time: Journal.timestamp(), phase: .forward, step: id, attempt: attempt,
                observed: live.summary(nodes: step.nodes), reason: "reconciled on resume"))
            await emit(.reconciled(step: id))
        }
    }

    private func acceptDrift(_ journal: Journal, _ differences: [String]) async throws(RunError) {
        for difference in differences { await emit(.warning("drift accepted: \(difference)")) }
        try record(journal, JournalRecord(
            event: .driftAccepted, time: Journal.timestamp(), reason: differences.joined(separator: "; ")))
    }

    func record(_ journal: Journal, _ record: JournalRecord) throws(RunError) {
        do { try journal.append(record) } catch { throw .journal(error) }
    }

    /// A runner for a walk (forward or fallback) of generation `generation`.
    func runner(generation: Int) -> StepRunner<C> {
        let policy = plan.topology.policy
        let timeout = (options.stepTimeout ?? .seconds(policy.stepTimeoutSeconds)) / options.timeScale
        var runner = StepRunner(
            client: client, topology: plan.topology, planHash: planHash, generation: generation,
            version: plan.topology.versions.target, pollInterval: options.pollInterval, stepTimeout: timeout,
            clock: clock)
        runner.timeScale = options.timeScale
        runner.notify = emit
        return runner
    }
}
