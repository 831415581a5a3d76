import NodeContract
import UpgradeOrchestrator

/// The fake seen through edits of what it reports: the system (agent data) and node states, as a node with an
/// incomplete `commands.agentCounts` or a process that stopped would report them.
struct EditedNodeClient: ForwardingNodeClient {
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
}
