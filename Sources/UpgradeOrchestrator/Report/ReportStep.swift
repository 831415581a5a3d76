import Foundation
import UpgradePlan

/// One step as it happened, folded from the journal: when it ran, how many attempts it took, how it ended.
public struct ReportStep: Sendable, Equatable {
    /// How a step ended (as far as the journal knows).
    public enum Outcome: String, Sendable, Equatable {
        /// Postcondition observed (or gate passed).
        case done
        /// The last attempt failed.
        case failed
        /// Started and never ended in the journal (interrupted, or still running).
        case unfinished
    }

    /// One failed attempt.
    public struct Failure: Sendable, Equatable {
        /// When the attempt failed.
        public var time: Date
        /// Attempt number, from 1.
        public var attempt: Int
        /// Why, as journaled.
        public var reason: String
    }

    /// Step id (rollback steps start with `rollback/`).
    public var id: String
    /// What the step does.
    public var kind: StepKind
    /// Nodes it acts on; empty for system-wide steps and gates.
    public var nodes: [String]
    /// Forward or rollback walk.
    public var phase: RunPhase
    /// Apply generation the step belongs to.
    public var generation: Int
    /// First attempt's start; nil when the step was only reconciled on resume.
    public var start: Date?
    /// When it was done or failed for the last time; nil while unfinished.
    public var end: Date?
    /// Attempts made (1 when it went through the first time).
    public var attempts: Int
    /// Start times of the attempts after the first (retries).
    public var retryStarts: [Date]
    /// Failed attempts, in order.
    public var failures: [Failure]
    /// How it ended.
    public var outcome: Outcome
    /// Plan estimate in seconds (0 for rollback steps, which have none).
    public var estimateSeconds: Int

    /// Retries: attempts beyond the first.
    public var retries: Int { max(0, attempts - 1) }

    /// Measured duration in seconds, when both ends are known.
    public var seconds: Double? {
        guard let start, let end else { return nil }
        return max(0, end.timeIntervalSince(start))
    }

    /// Creates a step record.
    public init(
        id: String, kind: StepKind, nodes: [String], phase: RunPhase, generation: Int, start: Date? = nil,
        end: Date? = nil, attempts: Int = 0, retryStarts: [Date] = [], failures: [Failure] = [],
        outcome: Outcome = .unfinished, estimateSeconds: Int = 0
    ) {
        self.id = id
        self.kind = kind
        self.nodes = nodes
        self.phase = phase
        self.generation = generation
        self.start = start
        self.end = end
        self.attempts = attempts
        self.retryStarts = retryStarts
        self.failures = failures
        self.outcome = outcome
        self.estimateSeconds = estimateSeconds
    }

    /// Kind and nodes of a step the plan does not hold, read from its id: rollback steps are
    /// `rollback/<node>[+<node>]|system/<kind>[#n]`, plan steps end in `/<kind>`; nil when no kind is recognised.
    public static func parse(id: String) -> (kind: StepKind, nodes: [String])? {
        var parts = id.split(separator: "/").map(String.init)
        guard var last = parts.popLast() else { return nil }
        if let hash = last.firstIndex(of: "#") { last = String(last[..<hash]) }
        let kind = StepKind(rawValue: last) ?? (parts.first == "gate" ? .gate : nil)
        guard let kind else { return nil }
        if id.hasPrefix(RollbackPlanner.prefix), parts.count >= 2 {
            let scope = parts[1]
            return (kind, scope == "system" ? [] : scope.split(separator: "+").map(String.init))
        }
        return (kind, [])
    }
}
