import Foundation
import UpgradeOrchestrator
import UpgradePlan

/// One NDJSON line per `RunEvent` (`--output json`); field names are stable and documented in docs/events.md.
struct EventJSON: Encodable, Equatable {
    /// When the event happened, ISO 8601 UTC with milliseconds.
    var ts: String
    /// Event type: run.started, step.started, step.succeeded, step.failed, step.reconciled, gate.soaking,
    /// gate.passed, wizard.needed, wizard.scripted, process.restarted, run.paused, window.closed, rollback.started,
    /// run.finished, warning.
    var event: String
    /// Step id (step and gate events).
    var step: String?
    /// Step kind (`cp.drain`...).
    var kind: String?
    /// Nodes the step acts on.
    var nodes: [String]?
    /// The step's datacenter.
    var dc: String?
    /// Attempt number, from 1.
    var attempt: Int?
    /// running, done, failed, soaking, passed, awaitingApproval, awaitingOperator; for run events the run's state
    /// or outcome.
    var state: String?
    /// forward or rollback.
    var phase: String?
    /// The plain line a person reads.
    var message: String
    /// Live state observed (step.succeeded, step.failed).
    var observed: String?
    /// Why (step.failed, rollback.started, window.closed); for wizard.needed what the operator must do.
    var reason: String?
    /// wizard.needed: the number of the AWI System Upgrade wizard's step to perform (2, 4 or 5).
    var wizardStep: Int?
    /// wizard.needed: the command that continues once the operator performed the step.
    var next: String?
    /// wizard.scripted: the node whose scripted command performs the step, and its operation id.
    var node: String?
    var operation: String?
    /// Steps involved (run.paused: the steps needing approval; window.closed: the next batch's first step).
    var steps: [String]?
    /// run.started: system, plan hash, step count, resumed.
    var system: String?
    var planHash: String?
    var total: Int?
    var resumed: Bool?
    /// process.restarted: the crashed target process started again, and `policy.maxRestarts` (the restart number
    /// is `attempt`; `node`, the node; `key`, the POST's Idempotency-Key; `step`, the check that found it, absent
    /// for the final check).
    var process: String?
    var maxRestarts: Int?
    var key: String?

    /// The JSON object of `event`, looking steps up in `plan`.
    init(_ event: RunEvent, plan: Plan, time: Date = Date()) {
        ts = Journal.timestamp(time)
        message = event.line
        switch event {
        case .runStarted(let system, let hash, let steps, let phase, let resumed):
            self.event = "run.started"
            self.system = system
            planHash = hash
            total = steps
            self.phase = phase.rawValue
            self.resumed = resumed
            state = "running"
        case .warning:
            self.event = "warning"
        case .reconciled(let step):
            self.event = "step.reconciled"
            describe(step, plan: plan, state: "done")
        case .stepStarted(let step, let attempt, let phase):
            self.event = "step.started"
            describe(step, plan: plan, state: "running", attempt: attempt, phase: phase)
        case .stepSucceeded(let step, let observed, _, let phase):
            self.event = "step.succeeded"
            describe(step, plan: plan, state: "done", phase: phase)
            self.observed = observed
        case .stepFailed(let step, let attempt, let reason, let phase):
            self.event = "step.failed"
            describe(step, plan: plan, state: "failed", attempt: attempt, phase: phase)
            self.reason = reason
        case .soaking(let step):
            self.event = "gate.soaking"
            describe(step, plan: plan, state: "soaking")
        case .gatePassed(let step):
            self.event = "gate.passed"
            describe(step, plan: plan, state: "passed")
        case .paused(let steps):
            self.event = "run.paused"
            self.steps = steps
            state = "awaitingApproval"
        case .wizardStepNeeded(let step, let instruction, let observed):
            self.event = "wizard.needed"
            describe(step, plan: plan, state: "awaitingOperator")
            reason = instruction
            self.observed = observed
            wizardStep = kind.flatMap(StepKind.init(rawValue:))?.wizardStepNumber
            next = OperatorRun.resumeCommand()
        case .wizardStepScripted(let step, let node, let operation):
            self.event = "wizard.scripted"
            describe(step, plan: plan, state: "running")
            wizardStep = kind.flatMap(StepKind.init(rawValue:))?.wizardStepNumber
            self.node = node
            self.operation = operation
        case .windowClosed(let next, let detail):
            self.event = "window.closed"
            describe(next, plan: plan, state: "pending")
            steps = [next]
            reason = detail
        case .processRestarted(let restart):
            self.event = "process.restarted"
            if restart.checkedBy != ProcessRestart.finalCheck { describe(restart.checkedBy, plan: plan, state: "restarted") }
            state = "restarted"
            process = restart.process
            node = restart.node
            attempt = restart.number
            maxRestarts = restart.limit
            key = restart.key
        case .rollbackStarted(let failed, let reason, let steps):
            self.event = "rollback.started"
            step = failed
            self.reason = reason
            total = steps
            phase = RunPhase.rollback.rawValue
            state = "rollingBack"
        case .runFinished(let outcome, let detail):
            self.event = "run.finished"
            state = outcome.rawValue
            reason = detail.isEmpty ? nil : detail
        }
    }

    private mutating func describe(
        _ id: String, plan: Plan, state: String, attempt: Int? = nil, phase: RunPhase? = nil
    ) {
        step = id
        self.state = state
        self.attempt = attempt
        self.phase = phase?.rawValue
        if let found = plan.step(id: id) {
            kind = found.kind.rawValue
            nodes = found.nodes
            dc = found.datacenter
            return
        }
        // Rollback steps: rollback/NODE/kind, rollback/system/kind.
        if let parsed = ReportStep.parse(id: id) {
            kind = parsed.kind.rawValue
            nodes = parsed.nodes
            dc = parsed.nodes.first.flatMap { plan.topology.node(named: $0)?.datacenter }
        }
    }

    /// The object as one line of JSON with sorted keys.
    var line: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{\"event\":\"warning\",\"message\":\"unencodable\"}" }
        return String(decoding: data, as: UTF8.self)
    }
}
