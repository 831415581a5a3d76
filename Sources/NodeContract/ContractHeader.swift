/// Header names and media types of the node contract (spec/node-api.yaml).
public enum ContractHeader {
    /// Header every POST carries; retries of one request reuse its value.
    public static let idempotencyKey = "Idempotency-Key"
    /// Media type of successful bodies.
    public static let json = "application/json"
    /// Media type of RFC 9457 error bodies.
    public static let problemJSON = "application/problem+json"
}

extension ContractPath {
    /// Path of `GET /v1/operations/{id}` for an operation id.
    public static func operation(id: String) -> String {
        operations + id
    }
}
