/// `GET /v1/operations?key=<prefix>&state=<state>`: the operations a node knows whose Idempotency-Key starts with
/// a prefix, oldest first. A client asks it before it decides anything about a step (resume, rollback, reconcile):
/// an operation still running under the step's key must end before the step's postcondition means anything.
public struct OperationList: Sendable, Equatable, Codable {
    /// The operations, oldest first.
    public var operations: [Operation]

    /// Creates a list.
    public init(operations: [Operation]) {
        self.operations = operations
    }

    /// Name of the query parameter holding the key prefix.
    public static let keyParameter = "key"
    /// Name of the query parameter holding the state to keep.
    public static let stateParameter = "state"
    /// Longest key prefix accepted (the longest Idempotency-Key).
    public static let maxKeyLength = 255
}

extension ContractPath {
    /// `GET /v1/operations?key=<prefix>&state=<state>`: operations by Idempotency-Key prefix.
    public static let operationList = "/v1/operations"

    /// The query string of a listing: `?key=<percent-encoded prefix>`, then `&state=<state>` when given.
    public static func operationListQuery(keyPrefix: String, state: OperationState? = nil) -> String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)  // RFC 3986
        var encoded = ""
        for byte in keyPrefix.utf8 {
            if allowed.contains(byte) {
                encoded.append(Character(Unicode.Scalar(byte)))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        var query = "?\(OperationList.keyParameter)=\(encoded)"
        if let state { query += "&\(OperationList.stateParameter)=\(state.rawValue)" }
        return query
    }
}
