import Foundation
import UpgradePlan

/// What happened during an upgrade, folded from its journal (and the simulator's availability figures when given):
/// per step start, end, attempts and outcome; gates, breaks, rollback; planned vs actual durations. Pure.
public struct RunReport: Sendable, Equatable {
    /// A gate (soak or approval) or a wizard step the operator performs, as it was passed.
    public struct GateRecord: Sendable, Equatable {
        /// Step id.
        public var id: String
        /// `gate` or a wizard step kind (`zdu.dbload`, `zdu.switch`, `zdu.finalize`).
        public var kind: StepKind
        /// How the plan passes it: `soak 600s`, `approval`, `none`, or `wizard step N` (the operator, in the AWI).
        public var mode: String
        /// When the run first reached it (started, or paused for approval or for the operator).
        public var reached: Date?
        /// When it passed.
        public var passed: Date?
        /// When the run paused for its approval, or for the operator to perform the wizard step.
        public var pausedAt: Date?
        /// When an operator approved it.
        public var approvedAt: Date?
        /// Who approved and why, as journaled.
        public var approvalNote: String?

        /// Wall-clock seconds from reaching the gate to passing it (the soak, or a wizard step's operation and the
        /// operator's turn, included).
        public var secondsToPass: Double? {
            guard let reached, let passed else { return nil }
            return max(0, passed.timeIntervalSince(reached))
        }

        /// Wall-clock seconds the run waited for an approval: from pausing at an approval gate to passing it; nil
        /// when it never paused there (`--approve-all`, approved beforehand, a soak, or a wizard step, where the
        /// run waits for the operator's action in the AWI, not for an approval).
        public var approvalWaitSeconds: Double? {
            guard kind == .gate, let pausedAt, let passed else { return nil }
            return max(0, passed.timeIntervalSince(pausedAt))
        }
    }

    /// A stretch in which no run was going: paused for approval, stopped at a safe point, halted, or crashed.
    public struct Break: Sendable, Equatable {
        /// Run outcome that began it (`paused`, `stopped`, `halted`, `refused`), or `interrupted` for a run that
        /// left no end record.
        public var kind: String
        /// When it began.
        public var start: Date
        /// When the next run started; nil when none did.
        public var end: Date?
        /// Why, as journaled.
        public var reason: String
    }

    /// The rollback, when one started.
    public struct Rollback: Sendable, Equatable {
        /// The step whose failure started it.
        public var cause: String
        /// Why it failed.
        public var reason: String
        /// When it started.
        public var start: Date
        /// When it finished; nil while unfinished.
        public var end: Date?
        /// `done` or `failed`; nil while unfinished.
        public var outcome: String?
    }

    /// A crashed target process a health check started again (policy.onCrashedTargetProcess: restart).
    public struct Restart: Sendable, Equatable {
        /// When the restart was sent.
        public var time: Date
        /// The process, e.g. `AE_1B/WP2@24.4.4`.
        public var process: String
        /// Its restart number that run.
        public var number: Int
        /// The journaled summary: `restart 1 of 1 (found crashed by gate/DC1; POST target/start to AE_1B)`.
        public var summary: String
    }

    /// Planned vs actual time of one step kind.
    public struct KindSummary: Sendable, Equatable {
        /// Step kind.
        public var kind: StepKind
        /// Steps of this kind in the plan.
        public var planned: Int
        /// Planned seconds: estimate × count.
        public var plannedSeconds: Int
        /// Forward steps of this kind done.
        public var done: Int
        /// Sum of the measured durations of the forward steps of this kind (all attempts, first start to end).
        public var actualSeconds: Double
    }

    /// System name.
    public var system: String
    /// Hash of the plan the journal belongs to.
    public var planHash: String?
    /// Outcome of the last run (`done`, `rolledBack`, `halted`, `paused`, `stopped`), or `unfinished`.
    public var outcome: String
    /// Runs (apply, resume, rollback) the journal holds.
    public var runs: Int
    /// First journal record.
    public var start: Date?
    /// Last journal record.
    public var end: Date?
    /// Every step that started or was done, forward and rollback, sorted by start time, then id.
    public var steps: [ReportStep]
    /// Gates and zdu.finalize, in plan order.
    public var gates: [GateRecord]
    /// Breaks between runs, in time order.
    public var breaks: [Break]
    /// The rollback, if any.
    public var rollback: Rollback?
    /// Per step kind, in the order kinds first appear in the plan.
    public var kinds: [KindSummary]
    /// The plan's critical path in estimated seconds.
    public var plannedCriticalPathSeconds: Int
    /// Sum of all step estimates.
    public var plannedStepSeconds: Int
    /// Seconds in ZDU compatibility mode: zdu.prepare done until zdu.finalize (or zdu.rollback) done, or the end.
    public var compatibilitySeconds: Double?
    /// Whether compatibility mode was still on at the journal's last record.
    public var stillInCompatibility: Bool
    /// Timeline rows: `system`, then the topology's nodes in topology order.
    public var rows: [String]
    /// The simulator's availability figures, when given.
    public var availability: AvailabilityFigures?
    /// Simulated seconds per real second of the farm the run used (1: a real farm). Times of day are always the
    /// journal's wall clock; durations on the farm's clock are shown ×timeScale and labelled simulated.
    public var timeScale: Double = 1
    /// Records that could not be placed (bad time stamps), to print as warnings.
    public var warnings: [String]
    /// Crashed target processes restarted, in time order.
    public var restarts: [Restart] = []

    /// Name of the timeline row for system-wide steps and gates.
    public static let systemRow = "system"

    /// Whether the run used a simulated farm whose clock runs faster than the wall clock.
    public var isScaled: Bool { timeScale != 1 }

    /// Wall-clock seconds from the first record to the last.
    public var actualSeconds: Double? {
        guard let start, let end else { return nil }
        return end.timeIntervalSince(start)
    }

    /// Seconds of the breaks (no run going) within the journal's span.
    public var breakSeconds: Double {
        breaks.reduce(0) { total, item in
            total + max(0, (item.end ?? end ?? item.start).timeIntervalSince(item.start))
        }
    }

    /// Wall-clock seconds in which a run was going: the journal's span minus the breaks.
    public var runningSeconds: Double? {
        actualSeconds.map { max(0, $0 - breakSeconds) }
    }

    /// A duration on the farm's clock: wall-clock `seconds` ×timeScale, labelled `sim` when scaled (`4m05s sim`).
    public func farmDuration(_ seconds: Double?) -> String {
        ReportFormat.farmDuration(seconds, timeScale: timeScale)
    }

    /// Steps whose last attempt failed, plus every failed attempt, in time order.
    public var failures: [(step: ReportStep, failure: ReportStep.Failure)] {
        steps.flatMap { step in step.failures.map { (step, $0) } }.sorted { $0.failure.time < $1.failure.time }
    }

    /// Timeline rows a step is drawn on: its nodes that are rows, else `system`.
    public func rows(of step: ReportStep) -> [String] {
        let named = step.nodes.filter { rows.contains($0) }
        return named.isEmpty ? [Self.systemRow] : named
    }
}
