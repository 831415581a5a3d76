/// One restart of a crashed target process that a health check made (`policy.onCrashedTargetProcess: restart`):
/// journaled (`processRestarted`) and told to the operator (`RunEvent.processRestarted`).
public struct ProcessRestart: Sendable, Equatable {
    /// The process, e.g. `AE_1B/WP2@24.4.4`.
    public var process: String
    /// Its node, which `POST target/start` was sent to.
    public var node: String
    /// Its restart number this run, from 1.
    public var number: Int
    /// `policy.maxRestarts`.
    public var limit: Int
    /// The `Idempotency-Key` of the POST (`IdempotencyKey.restart`).
    public var key: String
    /// The check that found it crashed: a step id, or `final check`.
    public var checkedBy: String
    /// When the restart was sent, ISO 8601 UTC.
    public var time: String

    /// Creates a value.
    public init(
        process: String, node: String, number: Int, limit: Int, key: String, checkedBy: String, time: String
    ) {
        self.process = process
        self.node = node
        self.number = number
        self.limit = limit
        self.key = key
        self.checkedBy = checkedBy
        self.time = time
    }

    /// The check that is not a step of the plan: the read after every step is done.
    public static let finalCheck = "final check"

    /// The journal record of the restart.
    public var record: JournalRecord {
        JournalRecord(
            event: .processRestarted, time: time, phase: .forward,
            step: checkedBy == Self.finalCheck ? nil : checkedBy, attempt: number, key: key, reason: summary,
            process: process)
    }

    /// "restart 1 of 1 (found crashed by gate/DC1; POST target/start to AE_1B)".
    public var summary: String {
        "restart \(number) of \(limit) (found crashed by \(checkedBy); POST target/start to \(node))"
    }
}
