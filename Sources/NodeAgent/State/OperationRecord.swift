import NodeContract

/// One operation as the idempotency journal keeps it: the contract's operation, its scope and request fingerprint.
public struct OperationRecord: Sendable, Equatable, Codable {
    /// The operation (its latest state).
    public var operation: Operation
    /// Node name (one operation at a time per node).
    public var scope: String
    /// The action and body that started it, to refuse a reused key with another request (422).
    public var fingerprint: String

    /// Creates a record.
    public init(operation: Operation, scope: String, fingerprint: String) {
        self.operation = operation
        self.scope = scope
        self.fingerprint = fingerprint
    }
}
