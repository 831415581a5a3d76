import Foundation
import UpgradeOrchestrator
import UpgradePlan

/// The live progress display of a run on a terminal: current DC and batch, steps done/total, running steps with
/// their elapsed time, ETA from the remaining critical path, the wizard step the run waits for, connected agents per
/// NetArea. Pure: events and times in, lines out.
struct LiveProgress: Sendable {
    let plan: Plan
    let units: BatchUnits
    private var done: Set<String> = []
    private var running: [String: Date] = [:]
    private var estimator: DurationEstimator
    private var phase: RunPhase = .forward
    private var rollbackSteps = 0
    private var rollbackDone = 0
    private var currentStep: String?
    /// The wizard step the run stopped at, waiting for the operator.
    private var wizard: String?
    /// Wizard steps a node's scripted command performs now: step id to node.
    private var scripted: [String: String] = [:]
    /// The last restarts of crashed target processes (policy.onCrashedTargetProcess), newest last.
    private var restarts: [String] = []
    /// Agents per NetArea and connection kind, last polled: name ("NA_DC1 JCP"), connected, total.
    var agents: [(name: String, connected: Int, total: Int)] = []

    init(plan: Plan, timeScale: Double) {
        self.plan = plan
        units = BatchUnits(steps: plan.steps)
        estimator = DurationEstimator(timeScale: timeScale)
    }

    /// Folds one event observed at `time`.
    mutating func apply(_ event: RunEvent, at time: Date) {
        switch event {
        case .stepStarted(let step, _, let phase):
            self.phase = phase
            running[step] = running[step] ?? time
            currentStep = step
        case .stepSucceeded(let step, _, _, let phase):
            scripted[step] = nil
            finish(step, at: time, rollback: phase == .rollback)
        case .reconciled(let step), .gatePassed(let step):
            finish(step, at: time, rollback: false)
        case .stepFailed(let step, _, _, _):
            running[step] = nil
            scripted[step] = nil
        case .wizardStepScripted(let step, let node, _):
            scripted[step] = node
        case .wizardStepNeeded(let step, _, _):
            running[step] = nil
            wizard = step
        case .processRestarted(let restart):
            restarts = Array((restarts + ["\(restart.process) \(restart.summary)"]).suffix(3))
        case .rollbackStarted(_, _, let steps):
            phase = .rollback
            rollbackSteps = steps
            running = [:]
        default:
            break
        }
    }

    private mutating func finish(_ step: String, at time: Date, rollback: Bool) {
        if let begin = running.removeValue(forKey: step), let found = plan.step(id: step) {
            estimator.record(found.kind, plannedSeconds: found.estimateSeconds,
                actual: .milliseconds(Int(time.timeIntervalSince(begin) * 1000)))
        }
        if rollback { rollbackDone += 1 } else { done.insert(step) }
    }

    /// What an unfinished journal says before this process started (resume): steps done, durations measured.
    mutating func seed(records: [JournalRecord]) {
        let state = JournalState(records: records)
        guard state.isUnfinished else { return }
        done.formUnion(state.done)
        estimator = DurationEstimator(
            timeScale: estimator.timeScale, measured: DurationEstimator.samples(records: records, steps: plan.steps))
    }

    /// The display at `now`, one string per terminal line.
    func lines(now: Date) -> [String] {
        var lines: [String] = []
        if phase == .rollback {
            lines.append("\(plan.system)  ROLLBACK  \(rollbackDone)/\(rollbackSteps) rollback steps done")
        } else {
            let step = currentStep.flatMap(plan.step(id:))
            let dc = step?.datacenter ?? "-"
            let batches = plan.steps.filter { $0.kind == .cpDrain }.map { units.unit(of: $0.id) }
            let ordered = batches.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            let batch = currentStep.flatMap { ordered.firstIndex(of: units.unit(of: $0)) }.map { "\($0 + 1)" } ?? "-"
            let remaining = plan.steps.filter { !done.contains($0.id) }
            let eta = Self.words(estimator.criticalPath(remaining))
            lines.append("\(plan.system)  DC \(dc)  batch \(batch)/\(ordered.count)  steps \(done.count)/"
                + "\(plan.steps.count) done  ETA \(eta)")
        }
        for (id, begin) in running.sorted(by: { $0.value < $1.value }).prefix(8) {
            lines.append("  running  \(id)  \(Self.words(.milliseconds(Int(now.timeIntervalSince(begin) * 1000))))")
        }
        if running.count > 8 { lines.append("  … and \(running.count - 8) more running") }
        for (step, node) in scripted.sorted(by: { $0.key < $1.key }) {
            lines.append("  WIZARD   \(step): run by \(node)'s scripted command, waiting to observe the result")
        }
        for restart in restarts { lines.append("  RESTART  \(restart)") }
        if let wizard { lines.append("  WIZARD   \(wizard): waiting for the operator (AWI, client 0, System Upgrade)") }
        if !agents.isEmpty {
            let text = agents.map { "\($0.name) \($0.connected)/\($0.total) connected" }
            lines.append("  agents   " + text.joined(separator: "  "))
        }
        return lines
    }

    /// "1m 05s", "12.4s".
    static func words(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds.rounded())
        return whole >= 3600 ? String(format: "%dh %02dm", whole / 3600, whole % 3600 / 60)
            : String(format: "%dm %02ds", whole / 60, whole % 60)
    }
}
