import NodeContract
import UpgradeOrchestrator

/// The fake seen through edits of what it reports: the system (agent data) and node states, as a node with an
/// incomplete `commands.agentCounts` or a process that stopped would report them.
struct EditedNodeClient: NodeClient {
    let fake: FakeNodeClient
    var system: @Sendable (inout SystemState) -> Void = { _ in }
    var node: @Sendable (inout NodeState) -> Void = { _ in }

    func node(_ name: String) async throws(NodeError) -> NodeState {
        var state = try await fake.node(name)
        node(&state)
        return state
    }

    func system(via name: String) async throws(NodeError) -> SystemState {
        var state = try await fake.system(via: name)
        system(&state)
        return state
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
