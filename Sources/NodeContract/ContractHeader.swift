/// Header names and media types of the node contract (spec/node-api.yaml).
public enum ContractHeader {
    /// Header every POST carries; retries of one request reuse its value.
    public static let idempotencyKey = "Idempotency-Key"
    /// Header every mutating request of a run carries: its `FencingToken` (state lineage and epoch).
    public static let fencingToken = "Fencing-Token"
    /// Header of `POST /v1/fence` asking to claim the farm from another state's unreleased run (`--take-over-farm`).
    public static let fencingTakeover = "Fencing-Takeover"
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
