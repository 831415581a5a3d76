import UpgradePlan

extension UpgradeRun {
    /// Walks the plan's steps; on a failure for good, rolls back or halts per policy.
    func forward(_ journal: Journal, generation: Int, resumed: Bool) async throws(RunError) -> RunResult {
        let state = journal.state
        let policy = plan.topology.policy
        var attempts = state.attempts
        for (id, attempt) in state.inFlight { attempts[id] = attempt - 1 }  // re-issue the same attempt (same key)
        var configuration = ExecutorMachine<C>.Configuration(
            maxParallel: options.parallel ?? max(plan.topology.nodes.count, policy.maxNodesDownPerDC),
            maxAttempts: policy.retries, onFailure: policy.onFailure, approveAll: options.approveAll,
            approved: state.approved, timeScale: options.timeScale,
            retryDelay: options.retryDelay, deadline: options.windowLeft.map { clock.now.advanced(by: $0) },
            measured: DurationEstimator.samples(records: journal.records, steps: plan.steps))
        configuration.retryBackoff = Self.retryBackoff(policy, floor: options.retryDelay)
        var machine = ExecutorMachine<C>(
            steps: plan.steps, configuration: configuration, done: state.done, attempts: attempts)
        await emit(.runStarted(
            system: plan.system, planHash: planHash, steps: plan.steps.count, phase: .forward, resumed: resumed))
        var forwardRunner = runner(generation: generation)
        forwardRunner.hooks = plan.topology.policy.hooks.isEmpty ? nil : HookRunner(plan: plan)
        forwardRunner.runNumber = journal.records.lazy.filter { $0.event == .runStarted }.count
        let executor = Executor(
            runner: forwardRunner, journal: journal, phase: .forward, emit: emit, interrupts: interrupts)
        let terminal: ExecutorMachine<C>.Action
        do { terminal = try await executor.run(&machine) } catch { throw .journal(error) }
        switch terminal {
        case .halt(let step, _), .rollback(let step, _):
            if let halted = try await haltOnLateRefusal(journal, failedStep: step) { return halted }
        default:
            break
        }
        switch terminal {
        case .finish:
            let problems = try await finalCheckProblems(forwardRunner, journal: journal)
            guard problems.isEmpty else {
                let detail = "every step done, but live state does not show the upgrade: "
                    + problems.joined(separator: "; ") + "; fix it, then run resume (it checks again)"
                try await finish(journal, .halted, detail)
                return .halted(failedStep: "final check", reason: detail)
            }
            try await finish(journal, .done, "every step done, and observed on the farm")
            return .done
        case .pause(let steps):
            return try await pause(journal, steps)
        case .stopped:
            let open = BatchUnits.nodesMidUpgrade(plan.steps, done: journal.state.done)
            try await finish(journal, .stopped, open.isEmpty
                ? "interrupted at a safe point (no node mid-upgrade); run resume to continue"
                : "interrupted with \(open.joined(separator: ", ")) mid-upgrade (drained or stopped, target not "
                    + "verified yet): run resume to bring \(open.count == 1 ? "it" : "them") back into service")
            return .stopped
        case .windowClosed(let next, let needed, let left):
            let what = next.count > 1 ? "the next batch (\(next.count) steps from \(next.first ?? "?"))"
                : "the next step (\(next.first ?? "?"))"
            let detail = "\(options.windowEnd ?? "the window closes"): \(what) needs about \(Self.minutes(needed)), "
                + "\(Self.minutes(left)) left; stopped between batches, so no node is mid-upgrade (`aeupgrade "
                + "status` shows the farm); resume in the next window"
            // No `step`: a paused record's step names a step waiting for approval (the report reads it so); the
            // next step is in the reason.
            try record(journal, JournalRecord(event: .paused, time: Journal.timestamp(), reason: "window: " + detail))
            await emit(.windowClosed(next: next.first ?? "", detail: detail))
            try await finish(journal, .paused, "window: " + detail)
            return .windowClosed(detail: detail)
        case .halt(let step, let reason):
            await failureHook(step, reason)
            try await finish(journal, .halted, "\(step) failed: \(reason); run resume or rollback")
            return .halted(failedStep: step, reason: reason)
        case .rollback(let step, let reason):
            await failureHook(step, reason)
            return try await rollback(journal, failedStep: step, reason: reason, generation: generation)
        case .run, .wait:
            try await finish(journal, .halted, "executor ended unexpectedly")
            return .halted(failedStep: "executor", reason: "ended unexpectedly")
        }
    }

    /// Stops for the operator: wizard steps to perform (their instructions were emitted and journaled when they
    /// were reached) and approval gates to approve.
    func pause(_ journal: Journal, _ steps: [String]) async throws(RunError) -> RunResult {
        let wizard = steps.filter { id in
            (plan.step(id: id)?.kind ?? ReportStep.parse(id: id)?.kind)?.isWizardStep == true
        }
        let approvals = steps.filter { !wizard.contains($0) }
        var detail: [String] = []
        if !wizard.isEmpty { detail.append("waiting for the operator to perform \(wizard.joined(separator: ", "))") }
        if !approvals.isEmpty {
            try record(journal, JournalRecord(
                event: .paused, time: Journal.timestamp(), step: approvals.first,
                reason: approvals.joined(separator: ", ")))
            await emit(.paused(steps: approvals))
            detail.append("approval needed for \(approvals.joined(separator: ", "))")
        }
        try await finish(journal, .paused, detail.joined(separator: "; "))
        return .paused(steps)
    }

    /// Runs the fallback AE allows from where the farm stands, itself journaled and resumable: before the switch,
    /// stop the target processes the run started (base processes never restart, AE-ZDU-6); between the switch and
    /// finalize, the wizard's rollback (the operator performs it, the run observes it); after finalize, refused.
    func rollback(
        _ journal: Journal, failedStep: String, reason: String, generation: Int
    ) async throws(RunError) -> RunResult {
        if let running = await settleInFlight(before: "the rollback decides what to undo") {
            try await finish(journal, .halted, running)
            return .halted(failedStep: "operations in flight", reason: running)
        }
        let state = journal.state
        let inDoubt = Set(state.inFlight.keys).union(state.failed.keys)
        let phase = try? await LiveState.systemState(client, topology: plan.topology).zdu.phase
        let steps: [Step]
        do {
            steps = try RollbackPlanner.plan(plan, done: state.done, inDoubt: inDoubt, phase: phase)
        } catch {
            try await finish(journal, .halted, error.description)
            throw .rollback(error)
        }
        if !state.rollbackStarted {
            try record(journal, JournalRecord(
                event: .rollbackStarted, time: Journal.timestamp(), step: failedStep, reason: reason))
        }
        await emit(.rollbackStarted(failedStep: failedStep, reason: reason, steps: steps.count))
        var attempts = state.attempts.filter { $0.key.hasPrefix(RollbackPlanner.prefix) }
        for id in attempts.keys where !state.rollbackDone.contains(id) { attempts[id]! -= 1 }
        var configuration = ExecutorMachine<C>.Configuration(
            maxParallel: options.parallel ?? max(plan.topology.nodes.count, 1),
            maxAttempts: plan.topology.policy.retries, onFailure: .halt, approveAll: true,
            timeScale: options.timeScale, retryDelay: options.retryDelay)
        configuration.retryBackoff = Self.retryBackoff(plan.topology.policy, floor: options.retryDelay)
        var machine = ExecutorMachine<C>(
            steps: steps, configuration: configuration, done: state.rollbackDone, attempts: attempts)
        let executor = Executor(
            runner: runner(generation: generation), journal: journal, phase: .rollback, emit: emit, interrupts: nil)
        let terminal: ExecutorMachine<C>.Action
        do { terminal = try await executor.run(&machine) } catch { throw .journal(error) }
        switch terminal {
        case .finish:
            let problems = await rollbackProblems(steps)
            guard problems.isEmpty else {
                let why = "every rollback step done, but live state does not show it: "
                    + problems.joined(separator: "; ")
                try record(journal, JournalRecord(
                    event: .rollbackFinished, time: Journal.timestamp(), reason: why, outcome: "failed"))
                try await finish(journal, .halted, why + "; run rollback again")
                return .halted(failedStep: "rollback check", reason: why)
            }
            try record(journal, JournalRecord(event: .rollbackFinished, time: Journal.timestamp(), outcome: "done"))
            let why = failedStep == RollbackPlanner.operatorCause.step
                ? "rolled back at the operator's request (\(reason))" : "\(failedStep) failed: \(reason)"
            try await finish(journal, .rolledBack, "\(why); " + (await whereTheFarmStands()))
            return .rolledBack(failedStep: failedStep, reason: reason)
        case .pause(let steps):
            return try await pause(journal, steps)
        case .halt(let step, let why):
            try record(journal, JournalRecord(
                event: .rollbackFinished, time: Journal.timestamp(), step: step, reason: why, outcome: "failed"))
            try await finish(journal, .halted, "rollback step \(step) failed: \(why); fix it, then run rollback again")
            return .halted(failedStep: step, reason: why)
        default:
            try await finish(journal, .stopped, "rollback stopped; run rollback again")
            return .stopped
        }
    }

    /// Where the farm stands after a fallback, in words: the ZDU phase, which nodes have no base process left.
    func whereTheFarmStands() async -> String {
        guard let live = try? await LiveState.fetch(client, topology: plan.topology) else {
            return "no node answered; check aeupgrade status"
        }
        let zdu = live.system.zdu
        var text = "the farm runs on its base processes (\(zdu.base)); "
        text += zdu.phase == .off ? "ZDU is off: the wizard's DB load was not performed, so AE is as before the run"
            : "ZDU stays on (phase \(zdu.phase.rawValue)" + (zdu.rolledBack == true ? ", rolled back" : "")
                + "): AE never turns it off again (AE-ZDU-7)"
        let bare = plan.topology.nodes.map(\.name).filter { name in
            live.nodes[name].map { !$0.baseProcesses.contains { $0.state == .running } } ?? false
        }
        text += bare.isEmpty ? "; every node still runs base processes"
            : "; no base process left on \(bare.joined(separator: ", ")) (they cannot restart, AE-ZDU-6)"
        let crashed = HealthCheck.crashedProcesses(topology: plan.topology, live: live)
        if !crashed.isEmpty { text += "; " + crashed.joined(separator: "; ") }
        return text + "; `apply --continue` starts a new attempt from what it observes"
    }

    /// Runs the onFailure hook for the step that failed for good; its own failure is reported, not fatal.
    func failureHook(_ id: String, _ reason: String) async {
        guard plan.topology.policy.hooks.onFailure != nil else { return }
        let step = plan.step(id: id)
            ?? Step(id: id, kind: .gate, nodes: [], dependsOn: [], estimateSeconds: 0, inverse: nil)
        if let failure = await HookRunner(plan: plan).run(.onFailure, step: step, reason: reason) {
            await emit(.warning(failure))
        }
    }

    /// A duration in words for messages: "12m 05s", "41s", "0.4s".
    static func minutes(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        if seconds < 10 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds.rounded())
        return whole >= 60 ? String(format: "%dm %02ds", whole / 60, whole % 60) : "\(whole)s"
    }

    func finish(_ journal: Journal, _ outcome: RunOutcome, _ detail: String) async throws(RunError) {
        try record(journal, JournalRecord(
            event: .runFinished, time: Journal.timestamp(), reason: detail, outcome: outcome.rawValue))
        await emit(.runFinished(outcome: outcome, detail: detail))
    }
}
