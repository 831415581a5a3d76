import NodeContract
import UpgradePlan

/// Operations still running on the nodes under a plan's keys (`GET /v1/operations?key=<prefix>&state=running`),
/// and the wait for them to end. Resume, rollback and every step ask this before they decide anything about a step:
/// while the step's operation (or an earlier run's) still runs, its postcondition means nothing yet, and a second
/// operation on the node would be refused (409).
public struct InFlightOperations<C: Clock>: Sendable where C.Duration == Duration {
    /// One operation still running, with its node.
    public struct Running: Sendable, Equatable, CustomStringConvertible {
        /// The node it runs on.
        public var node: String
        /// The operation as the node last reported it.
        public var operation: NodeContract.Operation

        /// `node AE_1B: operation op-7 (target/start, key …:DC2/AE_1B/target.start)`.
        public var description: String {
            "\(node): operation \(operation.id) (\(operation.action), key \(operation.idempotencyKey))"
        }
    }

    /// What a wait came to.
    public struct Outcome: Sendable, Equatable {
        /// Operations still running at the deadline (empty: none runs).
        public var running: [Running]
        /// Nodes that could not be asked, with the error (nothing is decided about them: they cannot be observed).
        public var unreachable: [String: String]
        /// Operations that were running at the first look and ended during the wait.
        public var waitedFor: [Running]
    }

    /// The nodes.
    public var client: any NodeClient
    /// The clock polls and the deadline use.
    public var clock: C
    /// The shortest pause between two looks.
    public var pollInterval: Duration
    /// Simulated seconds per real second (an operation's `etaSeconds` is in the node's time).
    public var timeScale: Double

    /// Creates a watcher.
    public init(client: any NodeClient, clock: C, pollInterval: Duration, timeScale: Double = 1) {
        self.client = client
        self.clock = clock
        self.pollInterval = pollInterval
        self.timeScale = timeScale > 0 ? timeScale : 1
    }

    /// The operations running now on `nodes` under keys starting with `keyPrefix`, in node order; nodes whose
    /// listing failed in `unreachable`. With `strict`, the first failure is thrown instead.
    public func running(
        nodes: [String], keyPrefix: String, strict: Bool = false
    ) async throws(NodeError) -> (running: [Running], unreachable: [String: String]) {
        var running: [Running] = []
        var unreachable: [String: String] = [:]
        let client = self.client
        var results: [String: Result<[NodeContract.Operation], NodeError>] = [:]
        await withTaskGroup(of: (String, Result<[NodeContract.Operation], NodeError>).self) { group in
            for node in nodes {
                group.addTask {
                    do throws(NodeError) {
                        let list = try await client.operations(node, keyPrefix: keyPrefix, state: .running)
                        return (node, .success(list))
                    } catch {
                        return (node, .failure(error))
                    }
                }
            }
            for await (node, result) in group { results[node] = result }
        }
        for node in nodes {
            switch results[node] {
            case .success(let list)?:
                running += list.filter { $0.state == .running }.map { Running(node: node, operation: $0) }
            case .failure(let error)?:
                if strict { throw error }
                unreachable[node] = error.description
            case nil:
                break
            }
        }
        return (running, unreachable)
    }

    /// Waits until no operation under `keyPrefix` runs on `nodes`, or until `deadline`. With `strict`, a node that
    /// cannot be asked throws (a step must not decide about a node it cannot see); else it is reported and skipped.
    public func awaitQuiet(
        nodes: [String], keyPrefix: String, deadline: C.Instant, strict: Bool = false
    ) async throws(NodeError) -> Outcome {
        var first: [Running]?
        while true {
            let (running, unreachable) = try await self.running(nodes: nodes, keyPrefix: keyPrefix, strict: strict)
            if first == nil { first = running }
            let ids = Set(running.map(\.operation.id))
            let ended = (first ?? []).filter { !ids.contains($0.operation.id) }
            if running.isEmpty || clock.now >= deadline || Task.isCancelled {
                return Outcome(running: running, unreachable: unreachable, waitedFor: ended)
            }
            try? await clock.sleep(for: pause(before: running, deadline: deadline))
        }
    }

    /// The pause before the next look: the soonest end the nodes estimate, at least the poll interval, at most 30 s
    /// and never past the deadline.
    func pause(before running: [Running], deadline: C.Instant) -> Duration {
        let left = clock.now.duration(to: deadline)
        let etas = running.compactMap(\.operation.etaSeconds).filter { $0.isFinite && $0 > 0 }
        guard let soonest = etas.min() else { return min(pollInterval, max(left, .zero)) }
        let seconds = min(soonest / timeScale, 30)
        return max(pollInterval, min(.seconds(seconds), max(left, .zero)))
    }
}
