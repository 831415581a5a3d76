import FarmSimulator
import NodeContract
import Synchronization
import UpgradeOrchestrator
import UpgradePlan

/// An in-memory NodeClient over the simulator's pure model: no sockets. Each call moves simulated time forward a
/// little, so operations complete. Failures can be injected per node and per POST path.
final class FakeNodeClient: NodeClient {
    private struct State {
        var model: FarmModel
        var down: Set<String> = []
        var failPosts: [String: Int] = [:]
        var posts: [(node: String, path: String, key: String)] = []
    }

    private let state: Mutex<State>
    private let secondsPerCall: Double

    init(topology: Topology, secondsPerCall: Double = 5) {
        state = Mutex(State(model: FarmModel(topology: topology, options: SimulationOptions(clock: .manual))))
        self.secondsPerCall = secondsPerCall
    }

    /// Makes a node refuse connections (or answer again).
    func setDown(_ node: String, _ down: Bool = true) {
        state.withLock { if down { $0.down.insert(node) } else { $0.down.remove(node) } }
    }

    /// The next `count` POSTs to `path` answer 503.
    func failPosts(_ path: String, count: Int) {
        state.withLock { $0.failPosts[path] = count }
    }

    /// Every POST seen: node, path, idempotency key.
    var posts: [(node: String, path: String, key: String)] { state.withLock { $0.posts } }

    /// Reads the model.
    func inspect<T>(_ body: (FarmModel) -> T) -> T { state.withLock { body($0.model) } }

    /// Performs a wizard step as the operator would in the AWI; finalize waits (in simulated time) for the jobs
    /// started on base WPs to end (AE-ZDU-8). Throws the problem the simulator refuses the step with.
    func wizard(_ step: WizardStep) throws(Problem) {
        let outcome = state.withLock { state -> Result<ZDUState, Problem> in
            var outcome = state.model.perform(step)
            for _ in 0..<200 {
                guard case .failure(let problem) = outcome, step == .finalize, problem.status == 409 else { break }
                state.model.advance(by: 30)
                outcome = state.model.perform(step)
            }
            return outcome
        }
        _ = try outcome.get()
    }

    /// Changes the model behind the orchestrator's back (drift).
    func mutate(_ body: (inout FarmModel) -> Void) { state.withLock { body(&$0.model) } }

    func node(_ name: String) async throws(NodeError) -> NodeState {
        try access(name) { model throws(NodeError) in
            guard let node = model.nodeState(name) else { throw .unknownNode(node: name) }
            return node
        }
    }

    func system(via name: String) async throws(NodeError) -> SystemState {
        try access(name) { $0.systemState() }
    }

    func post(
        _ name: String, path: String, body: OperationRequest?, idempotencyKey: String
    ) async throws(NodeError) -> Operation {
        let failing = state.withLock { state -> Bool in
            state.posts.append((name, path, idempotencyKey))
            guard let left = state.failPosts[path], left > 0 else { return false }
            state.failPosts[path] = left - 1
            return true
        }
        if failing {
            throw .http(node: name, url: "fake://\(name)\(path)", status: 503, problem: nil, attempts: 1)
        }
        return try access(name) { model throws(NodeError) in
            switch Command.parse(path: path, body: body ?? OperationRequest()) {
            case .failure(let problem):
                throw .http(node: name, url: path, status: problem.status, problem: problem, attempts: 1)
            case .success(let command):
                switch model.submit(command, on: name, key: idempotencyKey) {
                case .accepted(let operation, _): return Self.withoutEta(operation)
                case .rejected(let problem):
                    throw .http(node: name, url: path, status: problem.status, problem: problem, attempts: 1)
                }
            }
        }
    }

    func operation(_ name: String, id: String) async throws(NodeError) -> Operation {
        try access(name) { model throws(NodeError) in
            guard let operation = model.operation(id: id, on: name) else {
                throw .http(node: name, url: id, status: 404, problem: nil, attempts: 1)
            }
            return Self.withoutEta(operation)
        }
    }

    func operations(
        _ name: String, keyPrefix: String, state: OperationState?
    ) async throws(NodeError) -> [Operation] {
        try access(name) { model in
            model.operations(keyPrefix: keyPrefix, state: state, on: name).map(Self.withoutEta)
        }
    }

    private func access<T>(_ name: String, _ body: (inout FarmModel) throws(NodeError) -> T) throws(NodeError) -> T {
        let seconds = secondsPerCall
        let result: Result<T, NodeError> = state.withLock { state in
            state.model.advance(by: seconds)
            if state.down.contains(name) {
                return .failure(.transport(
                    node: name, url: "fake://\(name)", curlCode: 7, message: "Couldn't connect to server", attempts: 1))
            }
            do throws(NodeError) { return .success(try body(&state.model)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// The fake's time moves with its calls, not with a clock: an operation's `etaSeconds` would pace polls by a
    /// clock that does not drive it, so the fake gives none (its clients poll at their interval).
    private static func withoutEta(_ operation: Operation) -> Operation {
        var operation = operation
        operation.etaSeconds = nil
        return operation
    }
}
