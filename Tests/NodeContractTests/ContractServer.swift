import NodeContract
import NodeTestSupport

/// A server of the node contract under test, listening on a free loopback port and requiring a bearer token.
///
/// Its node `AE_1A` (DC1, NetArea NA_DC1) starts with 21.0.5 installed, nothing staged, every process running and
/// its CPs active. A `binaries/stage` operation keeps running until `finishRunningOperations()` lets it end, so a
/// test can act while an operation runs on the node.
protocol ContractServer: Sendable {
    /// Base URL of node AE_1A.
    var base: String { get }
    /// The bearer token every request must carry.
    var token: String { get }
    /// Lets every operation started so far run to its end (the simulator's clock moves, the node's stage command
    /// is released); callers then poll the operations.
    func finishRunningOperations() async throws
    /// Stops the server and everything started for it.
    func stop() async
}

extension ContractServer {
    /// `GET <base><path>` with the token.
    func get(_ path: String) async throws -> HTTP.Reply {
        try await HTTP.send("GET", base + path, token: token)
    }

    /// `POST <base><path>` with the token, an Idempotency-Key and an optional JSON body.
    func post(_ path: String, key: String, body: String? = nil) async throws -> HTTP.Reply {
        try await HTTP.send("POST", base + path, token: token, key: key, body: body)
    }

    /// `GET /v1/node`, decoded.
    func node() async throws -> NodeState {
        try await get(ContractPath.node).json(NodeState.self)
    }

    /// Polls the operation a POST answered with until it leaves `running`.
    func settle(_ reply: HTTP.Reply) async throws -> NodeContract.Operation {
        try await HTTP.settle(base, reply.json(NodeContract.Operation.self).id, token: token)
    }
}
