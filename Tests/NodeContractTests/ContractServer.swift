import NodeContract
import NodeTestSupport

/// A server of the node contract under test, listening on a free loopback port and requiring a bearer token.
///
/// Its node `AE_1A` (DC1, NetArea NA_DC1, holding the PWP) starts on base version 24.4.1 with nothing staged, every
/// base process (WP, CP, JWP, JCP, REST) running and ZDU off; the ZDU target is 24.4.4. A `binaries/stage` operation
/// keeps running until `finishRunningOperations()` lets it end, so a test can act while an operation runs.
protocol ContractServer: Sendable {
    /// Base URL of node AE_1A.
    var base: String { get }
    /// The bearer token every request must carry.
    var token: String { get }
    /// Lets every operation started so far run to its end (the simulator's clock moves, the node's stage command
    /// is released); callers then poll the operations.
    func finishRunningOperations() async throws
    /// Performs the AWI wizard's DB load (step 2) for `target`, as the operator would, and returns once
    /// `GET /v1/system` shows compatibility mode.
    func performDBLoad(target: String) async throws
    /// Stops the server and everything started for it.
    func stop() async
}

/// The versions of the contract suite (seed phase 1).
enum ContractVersions {
    static let base = "24.4.1"
    static let target = "24.4.4"
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

    /// `GET /v1/system`, decoded.
    func system() async throws -> SystemState {
        try await get(ContractPath.system).json(SystemState.self)
    }

    /// Polls the operation a POST answered with until it leaves `running`.
    func settle(_ reply: HTTP.Reply) async throws -> NodeContract.Operation {
        try await HTTP.settle(base, reply.json(NodeContract.Operation.self).id, token: token)
    }

    /// POSTs, lets the operation run to its end and returns it.
    func run(_ path: String, key: String, body: String? = nil) async throws -> NodeContract.Operation {
        let reply = try await post(path, key: key, body: body)
        guard reply.status == 202 else { throw UnexpectedReply(path: path, status: reply.status, body: reply.text) }
        try await finishRunningOperations()
        return try await settle(reply)
    }
}

/// A POST that did not answer 202.
struct UnexpectedReply: Error, CustomStringConvertible {
    let path: String
    let status: Int
    let body: String
    var description: String { "POST \(path) answered \(status): \(body)" }
}
