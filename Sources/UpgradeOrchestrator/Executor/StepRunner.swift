import NodeContract
import UpgradePlan

/// Performs one step against live nodes: check the precondition, POST with the idempotency key, poll the
/// operation, then wait until the postcondition is observed, within a deadline. Drains and stops re-check the farm
/// as it will be after them; gates check its health (and watch it for their whole soak); wizard steps are observed,
/// after the node that has the site's command for one (`GET /v1/node` `wizardSteps`) performed it.
public struct StepRunner<C: Clock>: Sendable where C.Duration == Duration {
    /// The nodes.
    public var client: any NodeClient
    /// The farm's topology.
    public var topology: Topology
    /// Hash identifying the plan (first part of every idempotency key).
    public var planHash: String
    /// Apply generation (part of the key after a finished rollback).
    public var generation: Int
    /// The upgrade's target version (forwards and in a fallback alike).
    public var version: String
    /// Pause between two polls.
    public var pollInterval: Duration
    /// Time a step may take to reach its postcondition.
    public var stepTimeout: Duration
    /// The clock deadlines and polls use.
    public var clock: C
    /// The topology's hooks around each step (forward walks); nil runs none.
    public var hooks: HookRunner?
    /// Where the runner tells what the operator should see while a step runs (a wizard step a node's command
    /// performs); nil tells nothing.
    public var notify: (@Sendable (RunEvent) async -> Void)?
    /// Simulated seconds per real second (`--time-scale`): a node's `etaSeconds` is in its own time.
    public var timeScale: Double = 1
    /// The longest wait between two polls of a running operation, in seconds, whatever its `etaSeconds` says.
    public static var longestPause: Double { 30 }
    /// Whole-farm reads shared by health checks released at the same moment (shared by copies of the runner).
    public var farmReads = SharedFarmRead<Int>()
    /// The executor's release marks (shared by copies of the runner).
    public var releases = ReleaseCounter()
    /// Restarts of crashed target processes made this run (shared by copies of the runner).
    public var restarts = RestartLedger()
    /// This run's number in the journal (its `runStarted` records so far), part of a restart's key.
    public var runNumber = 1

    /// What one attempt came to.
    public struct Outcome: Sendable {
        /// The event for the machine.
        public var event: ExecutorMachine<C>.Event
        /// Summary of the live state last observed.
        public var observed: String
        /// Whether the postcondition already held before any POST.
        public var alreadyHeld: Bool
        /// Crashed target processes the attempt restarted (policy.onCrashedTargetProcess), to journal.
        public var restarts: [ProcessRestart] = []
    }

    /// Creates a runner.
    public init(
        client: any NodeClient, topology: Topology, planHash: String, generation: Int, version: String,
        pollInterval: Duration, stepTimeout: Duration, clock: C
    ) {
        self.client = client
        self.topology = topology
        self.planHash = planHash
        self.generation = generation
        self.version = version
        self.pollInterval = pollInterval
        self.stepTimeout = stepTimeout
        self.clock = clock
    }

    /// The idempotency key of a step (the same for every attempt).
    public func key(_ step: Step) -> String {
        IdempotencyKey.make(planHash: planHash, stepId: step.id, generation: generation)
    }

    /// Performs attempt `attempt` of `step` between its hooks; never throws: failures become `.stepFailed` events.
    /// A failing hook fails the step without retry. `releasedAt` is the `releases` mark the executor released the
    /// step at (its dependencies done); a health check may share a farm read started then or later. Nil: a new
    /// mark.
    public func perform(_ step: Step, attempt: Int, releasedAt: Int? = nil) async -> Outcome {
        let releasedAt = releasedAt ?? releases.advance()
        if let hooks {
            for point in hooks.points(for: step, after: false) {
                if let failure = await hooks.run(point, step: step) { return fail(step, failure, "", retry: false) }
            }
        }
        let outcome = await performStep(step, attempt: attempt, releasedAt: releasedAt)
        guard let hooks, case .stepSucceeded = outcome.event else { return outcome }
        for point in hooks.points(for: step, after: true) {
            if let failure = await hooks.run(point, step: step) {
                return fail(step, failure, outcome.observed, retry: false)
            }
        }
        return outcome
    }

    private func performStep(_ step: Step, attempt: Int, releasedAt: Int) async -> Outcome {
        let deadline = clock.now.advanced(by: stepTimeout)
        var observed = ""
        do throws(NodeError) {
            if step.kind == .gate || step.kind.isWizardStep {
                return try await observeSystemStep(step, releasedAt: releasedAt)
            }
            if let running = try await operationsStillRunning(step, deadline: deadline) {
                return fail(step, running, observed, retry: true)
            }
            var live = try await observe(
                step, system: Postcondition.readsSystem(step.kind) || Precondition.readsSystem(step.kind))
            observed = live.summary(nodes: step.nodes)
            if let missing = Postcondition.missingData(step.kind, nodes: step.nodes, topology: topology, live: live) {
                return fail(step, missing, observed, retry: false)
            }
            if Postcondition.holds(step.kind, nodes: step.nodes, version: version, live: live) {
                return Outcome(event: .stepSucceeded(step.id), observed: observed, alreadyHeld: true)
            }
            if let stopping = Serving.Stopping.of(step) {
                let all = try await wholeFarm(notBefore: releasedAt)
                let problems = HealthCheck.problems(topology: topology, live: all, stopping: stopping)
                guard problems.isEmpty else {
                    return fail(step, "health check: " + problems.joined(separator: "; "), observed, retry: true)
                }
            }
            if let request = ContractRequest.of(step, version: version) {
                if let violation = Precondition.violation(step.kind, nodes: step.nodes, version: version, live: live) {
                    return fail(step, "precondition: \(violation)", observed, retry: true)
                }
                let target = step.nodes.first ?? topology.nodes[0].name
                if let failure = try await operate(step, request, on: target, attempt: attempt, deadline: deadline) {
                    return fail(step, failure, observed, retry: !Task.isCancelled)
                }
            }
            while true {
                live = try await observe(step, system: Postcondition.readsSystem(step.kind))
                observed = live.summary(nodes: step.nodes)
                if Postcondition.holds(step.kind, nodes: step.nodes, version: version, live: live) {
                    return Outcome(event: .stepSucceeded(step.id), observed: observed, alreadyHeld: false)
                }
                if let missing = Postcondition.missingData(step.kind, nodes: step.nodes, topology: topology, live: live) {
                    return fail(step, missing, observed, retry: false)
                }
                if clock.now >= deadline {
                    return fail(step, "postcondition of \(step.kind.rawValue) not observed within \(stepTimeout)",
                        observed, retry: true)
                }
                if Task.isCancelled { return fail(step, "cancelled", observed, retry: false) }
                try? await clock.sleep(for: pollInterval)
            }
        } catch {
            return fail(step, error.description, observed, retry: error.isTransient || error.status == 409)
        }
    }

    /// A gate or a wizard step: both read the whole farm. A gate passes its health check (then soaks, watched by
    /// `watchSoak`). A wizard step is done when its result is observed; otherwise, once the farm is healthy, a node
    /// that has the site's command for it performs it (`performScripted`), or the run waits for the operator
    /// (AE's wizard has no API, docs/ae-model.md AE-ZDU-1).
    private func observeSystemStep(_ step: Step, releasedAt: Int) async throws(NodeError) -> Outcome {
        let all = try await wholeFarm(notBefore: releasedAt)
        let observed = all.summary(nodes: [])
        if step.kind.isWizardStep, Postcondition.holds(step.kind, nodes: [], version: version, live: all) {
            return Outcome(event: .stepSucceeded(step.id), observed: observed, alreadyHeld: false)
        }
        var restarts: [ProcessRestart] = []
        if var problems = Precondition.farmProblems(step, topology: topology, live: all), !problems.isEmpty {
            let topology = self.topology
            let restarted = await restartCrashed(found: all, by: step.id) { live in
                Precondition.farmProblems(step, topology: topology, live: live) ?? []
            }
            restarts = restarted.restarts
            if let after = restarted.problems { problems = after }
            guard problems.isEmpty else {
                var outcome = fail(step, "health check: " + problems.joined(separator: "; "), observed, retry: true)
                outcome.restarts = restarts
                return outcome
            }
        }
        if step.kind.isWizardStep, let node = Self.scriptingNode(for: step.kind, topology: topology, live: all) {
            var outcome = await performScripted(step, on: node)
            outcome.restarts = restarts + outcome.restarts
            return outcome
        }
        let event: ExecutorMachine<C>.Event = step.kind == .gate ? .stepSucceeded(step.id) : .awaitingOperator(step.id)
        return Outcome(event: event, observed: observed, alreadyHeld: false, restarts: restarts)
    }

    /// Watches a soaking gate's farm until `until`, as often as the poll interval allows: `.timerFired` when the
    /// soak ends healthy, `.stepFailed` (retryable) as soon as a check finds a problem; nil when cancelled.
    public func watchSoak(_ step: Step, until: C.Instant) async -> Outcome? {
        while clock.now < until {
            if Task.isCancelled { return nil }
            do throws(NodeError) {
                let live = try await LiveState.fetch(client, topology: topology)
                var problems = HealthCheck.problems(topology: topology, live: live)
                if !problems.isEmpty {
                    let topology = self.topology
                    let restarted = await restartCrashed(found: live, by: step.id) { live in
                        HealthCheck.problems(topology: topology, live: live)
                    }
                    if let after = restarted.problems { problems = after }
                    if problems.isEmpty {
                        // Back in service: the soak goes on to its end (the machine waits again).
                        return Outcome(event: .processesRestarted(step.id), observed: live.summary(nodes: []),
                            alreadyHeld: false, restarts: restarted.restarts)
                    }
                    var outcome = fail(step, "health dropped during the soak: " + problems.joined(separator: "; "),
                        live.summary(nodes: []), retry: true)
                    outcome.restarts = restarted.restarts
                    return outcome
                }
            } catch {
                return fail(step, "health dropped during the soak: \(error.description)", "", retry: true)
            }
            let left = clock.now.duration(to: until)
            try? await clock.sleep(for: min(pollInterval, left))
        }
        return Outcome(event: .timerFired(step.id), observed: "", alreadyHeld: false)
    }

    /// Waits (until `deadline`) for every operation of this plan still running on the step's nodes, whatever step
    /// started it (an earlier attempt, a killed run, the forward step a rollback step undoes): only then does the
    /// step's postcondition mean anything. Nil when none runs, else which still run.
    private func operationsStillRunning(_ step: Step, deadline: C.Instant) async throws(NodeError) -> String? {
        guard !step.nodes.isEmpty else { return nil }
        let watcher = InFlightOperations(
            client: client, clock: clock, pollInterval: pollInterval, timeScale: timeScale)
        let outcome = try await watcher.awaitQuiet(
            nodes: step.nodes, keyPrefix: IdempotencyKey.planPrefix(planHash), deadline: deadline, strict: true)
        guard !outcome.running.isEmpty else { return nil }
        return "\(outcome.running.map(\.description).joined(separator: "; ")) still running at the step's deadline; "
            + "\(step.id) decides nothing about the node until it ends"
    }

    /// POSTs the step's request under the step's key and polls the operation to its end; nil when it succeeded,
    /// else why not. When the node answers the key with an operation that succeeded earlier although the
    /// postcondition does not hold now (undone since: a crash, a hand change), the step runs again under a key of
    /// this attempt (`<key>:r<attempt>`), which a retried or resumed POST of the same attempt reuses.
    private func operate(
        _ step: Step, _ request: ContractRequest, on target: String, attempt: Int, deadline: C.Instant
    ) async throws(NodeError) -> String? {
        var operation = try await client.post(
            target, path: request.path, body: request.body, idempotencyKey: key(step))
        if operation.state == .succeeded, !Postcondition.holds(
            step.kind, nodes: step.nodes, version: version,
            live: try await observe(step, system: Postcondition.readsSystem(step.kind)))
        {
            operation = try await client.post(
                target, path: request.path, body: request.body, idempotencyKey: key(step) + ":r\(attempt)")
        }
        while operation.state == .running {
            if clock.now >= deadline { return "operation \(operation.id) still running at the deadline" }
            if Task.isCancelled { return "cancelled while operation \(operation.id) ran" }
            try? await clock.sleep(for: pause(before: operation, deadline: deadline))
            operation = try await client.operation(target, id: operation.id)
        }
        if operation.state == .failed { return "operation \(operation.id) failed: \(operation.reason ?? "no reason")" }
        return nil
    }

    /// How long to wait before polling a running operation again: the node's estimate of its end when it gives
    /// one (fewer polls, and the end seen as soon as it happens), never less than the poll interval, nor past the
    /// step's deadline, nor longer than `longestPause` (an estimate too high cannot hide the end for long).
    public func pause(before operation: NodeContract.Operation, deadline: C.Instant) -> Duration {
        guard let eta = operation.etaSeconds, eta.isFinite, eta > 0, timeScale > 0 else { return pollInterval }
        let left = clock.now.duration(to: deadline)
        let leftSeconds = Double(left.components.seconds) + Double(left.components.attoseconds) * 1e-18
        let seconds = min(eta / timeScale, leftSeconds, Self.longestPause)
        return seconds > 0 ? max(pollInterval, .seconds(seconds)) : pollInterval
    }

    /// The whole farm, read once for every health check released at the same moment.
    private func wholeFarm(notBefore: Int) async throws(NodeError) -> LiveState {
        let client = self.client
        let topology = self.topology
        let releases = self.releases
        let result = await farmReads.read(notBefore: notBefore, now: { releases.current }) {
            do throws(NodeError) {
                let live = try await LiveState.fetch(client, topology: topology)
                return .success(live)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The step's nodes, and the system when `system` (the checks that will look at it say so).
    private func observe(_ step: Step, system: Bool) async throws(NodeError) -> LiveState {
        var live = try await LiveState.fetch(client, topology: topology, names: step.nodes, system: system)
        if let first = step.nodes.first, live.nodes[first] == nil, let error = live.unreachable[first] {
            throw NodeError.transport(node: first, url: "", curlCode: -1, message: error, attempts: 1)
        }
        live.unreachable = live.unreachable.filter { step.nodes.contains($0.key) }
        return live
    }

    private func fail(_ step: Step, _ reason: String, _ observed: String, retry: Bool) -> Outcome {
        Outcome(event: .stepFailed(step.id, reason: reason, retryable: retry), observed: observed, alreadyHeld: false)
    }
}

/// The POST a step kind issues, nil for observe-only kinds (agent waits, verification, gates, wizard steps).
public struct ContractRequest: Sendable, Equatable {
    /// Contract path.
    public var path: String
    /// JSON body.
    public var body: OperationRequest?

    /// Creates a request.
    public init(path: String, body: OperationRequest?) {
        self.path = path
        self.body = body
    }

    /// The request of `step` upgrading to `version`.
    public static func of(_ step: Step, version: String) -> ContractRequest? {
        switch step.kind {
        case .binariesStage: return .init(path: ContractPath.binariesStage, body: .init(version: version))
        case .cpDrain: return .init(path: ContractPath.cpsStop, body: nil)
        case .wpStop: return .init(path: ContractPath.wpsStop, body: .init(drain: true))
        case .targetStart: return .init(path: ContractPath.targetStart, body: .init(version: version))
        case .targetStop: return .init(path: ContractPath.targetStop, body: nil)
        case .agentsAwaitReconnect, .targetVerify, .gate, .zduDBLoad, .zduSwitch, .zduFinalize, .zduRollback:
            return nil
        }
    }
}
