import NodeContract
import UpgradeOrchestrator

/// A client that answers through the fake farm: every call goes to `fake` unless the conforming type overrides it,
/// so a test's wrapper holds only the calls it changes.
protocol ForwardingNodeClient: NodeClient {
    /// The fake farm the calls go to.
    var fake: FakeNodeClient { get }
}

extension ForwardingNodeClient {
    func node(_ name: String) async throws(NodeError) -> NodeState {
        try await fake.node(name)
    }

    func system(via name: String) async throws(NodeError) -> SystemState {
        try await fake.system(via: name)
    }

    func post(
        _ name: String, path: String, body: OperationRequest?, idempotencyKey: String
    ) async throws(NodeError) -> Operation {
        try await fake.post(name, path: path, body: body, idempotencyKey: idempotencyKey)
    }

    func operation(_ name: String, id: String) async throws(NodeError) -> Operation {
        try await fake.operation(name, id: id)
    }

    func operations(
        _ name: String, keyPrefix: String, state: OperationState?
    ) async throws(NodeError) -> [Operation] {
        try await fake.operations(name, keyPrefix: keyPrefix, state: state)
    }
}
