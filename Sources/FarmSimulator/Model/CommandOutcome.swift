import NodeContract

/// What a POST gets: an operation (new or, for a repeated Idempotency-Key, the existing one) or a problem.
public enum CommandOutcome: Sendable, Equatable {
    /// The operation started (or already existed for this key: `replayed`).
    case accepted(Operation, replayed: Bool)
    /// The request was refused.
    case rejected(Problem)
}
