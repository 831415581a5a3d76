import Foundation
import NodeContract

/// The operations of this `aeupgrade-node`: idempotency keys (persisted), one running operation per scope.
///
/// On start it reloads the journal; an operation that was running when the process stopped is marked failed
/// (its effect may or may not have happened: the executor observes the node and retries). A key whose operation
/// failed starts a new operation when posted again with the same request.
actor OperationBook {
    /// What `begin` decided.
    enum Admission: Sendable, Equatable {
        /// A new operation: run it.
        case started(NodeContract.Operation)
        /// The key was seen (or the same request runs now): answer this operation, run nothing.
        case existing(NodeContract.Operation)
        /// Refused: 409 (another operation runs) or 422 (key reused with another request).
        case refused(Problem)
    }

    private let journal: OperationJournal
    private var records: [String: OperationRecord] = [:]
    private var byKey: [String: String] = [:]
    private var running: [String: String] = [:]
    /// Operation ids in the order they started.
    private var order: [String] = []

    /// Opens the book over the journal in `directory`.
    init(directory: String) throws(NodeAgentError) {
        journal = try OperationJournal(directory: directory)
        for var record in try journal.load() {
            if record.operation.state == .running {
                record.operation.state = .failed
                record.operation.reason = "aeupgrade-node stopped while this operation ran; its effect may be "
                    + "partial: check GET /v1/node and retry (the same Idempotency-Key starts a new operation)"
                try journal.append(record)
            }
            if records[record.operation.id] == nil { order.append(record.operation.id) }
            records[record.operation.id] = record
            byKey[Self.keyIndex(record.scope, record.operation.idempotencyKey)] = record.operation.id
        }
    }

    /// An operation by id.
    func operation(id: String) -> NodeContract.Operation? { records[id]?.operation }

    /// The existing operation for a key in a scope, or a refusal when the key was used for another request; nil
    /// when the key is new or its operation failed (the request then starts a new operation).
    func lookup(scope: String, key: String, fingerprint: String) -> Admission? {
        guard let id = byKey[Self.keyIndex(scope, key)], let record = records[id] else { return nil }
        guard record.fingerprint == fingerprint else {
            return .refused(Problem.unprocessable(
                "Idempotency-Key \"\(key)\" was used for \(record.operation.action) with another request; "
                    + "use a new key"))
        }
        return record.operation.state == .failed ? nil : .existing(record.operation)
    }

    /// Admits a request: the same key again, a join of the same running request, a 409, or a new operation.
    func begin(
        scope: String, key: String, fingerprint: String, action: String, node: String?
    ) throws(NodeAgentError) -> Admission {
        if let known = lookup(scope: scope, key: key, fingerprint: fingerprint) { return known }
        if let id = running[scope], let record = records[id] {
            if record.fingerprint == fingerprint {
                byKey[Self.keyIndex(scope, key)] = id  // the joining key lists the operation too
                return .existing(record.operation)
            }
            return .refused(Problem.conflict(
                "\(scope) runs operation \(id) (\(record.operation.action)); one operation at a time: "
                    + "wait for it (GET /v1/operations/\(id)) and retry"))
        }
        let operation = NodeContract.Operation(
            id: "op-" + UUID().uuidString.lowercased(), action: action, node: node, state: .running,
            idempotencyKey: key)
        let record = OperationRecord(operation: operation, scope: scope, fingerprint: fingerprint)
        try journal.append(record)
        records[operation.id] = record
        order.append(operation.id)
        byKey[Self.keyIndex(scope, key)] = operation.id
        running[scope] = operation.id
        return .started(operation)
    }

    /// Records an operation's end (succeeded or failed, with its command output).
    func finish(id: String, failure: String?, output: [CommandOutput]) throws(NodeAgentError) {
        guard var record = records[id] else { return }
        record.operation.state = failure == nil ? .succeeded : .failed
        record.operation.reason = failure
        record.operation.output = output
        records[id] = record
        if running[record.scope] == id { running[record.scope] = nil }
        try journal.append(record)
    }

    /// `GET /v1/operations?key=&state=`: the operations of a scope whose Idempotency-Key (or a key that joined
    /// them) starts with `keyPrefix`, in `state` when given, oldest first.
    func operations(scope: String, keyPrefix: String, state: OperationState?) -> [NodeContract.Operation] {
        let prefix = Self.keyIndex(scope, keyPrefix)
        var ids = Set(byKey.filter { $0.key.hasPrefix(prefix) }.map(\.value))
        for (id, record) in records
        where record.scope == scope && record.operation.idempotencyKey.hasPrefix(keyPrefix) { ids.insert(id) }
        return order.filter(ids.contains).compactMap { records[$0]?.operation }
            .filter { state == nil || $0.state == state }
    }

    /// Whether an operation runs in a scope now.
    func isBusy(_ scope: String) -> Bool { running[scope] != nil }

    private static func keyIndex(_ scope: String, _ key: String) -> String { "\(scope)\u{0}\(key)" }
}
