import NodeContract

/// The node contract as the executor uses it (spec/node-api.yaml); `CurlNodeClient` speaks it over HTTP.
public protocol NodeClient: Sendable {
    /// `GET /v1/node` on the named node.
    func node(_ name: String) async throws(NodeError) -> NodeState
    /// `GET /v1/system`, asked of the named node.
    func system(via name: String) async throws(NodeError) -> SystemState
    /// `POST path` on the named node with an `Idempotency-Key` and an optional JSON body; returns the operation.
    func post(
        _ name: String, path: String, body: OperationRequest?, idempotencyKey: String
    ) async throws(NodeError) -> Operation
    /// `GET /v1/operations/{id}` on the named node.
    func operation(_ name: String, id: String) async throws(NodeError) -> Operation
    /// `GET /v1/operations?key=<keyPrefix>&state=<state>` on the named node: its operations whose Idempotency-Key
    /// starts with `keyPrefix` (in `state` when given), oldest first.
    func operations(_ name: String, keyPrefix: String, state: OperationState?) async throws(NodeError) -> [Operation]
}
