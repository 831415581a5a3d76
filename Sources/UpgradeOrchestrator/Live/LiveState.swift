import NodeContract
import UpgradePlan

/// What the nodes report right now: `GET /v1/node` per node and one `GET /v1/system`.
public struct LiveState: Sendable, Equatable {
    /// Node states by name (nodes that did not answer are absent).
    public var nodes: [String: NodeState]
    /// The system as one node reported it.
    public var system: SystemState
    /// Nodes that did not answer, with the error.
    public var unreachable: [String: String]
    /// The node whose `GET /v1/system` answered, when known (named in messages about the system's data).
    public var systemNode: String?
    /// Whether `system` was read; false when the reader asked for the nodes only (`fetch(system: false)`), and
    /// then `system` is a placeholder no check may look at.
    public var systemRead = true

    /// Creates a live state.
    public init(
        nodes: [String: NodeState], system: SystemState, unreachable: [String: String] = [:], systemNode: String? = nil
    ) {
        self.nodes = nodes
        self.system = system
        self.unreachable = unreachable
        self.systemNode = systemNode
    }

    /// Reads `names` (every node when nil) and, unless `system` is false, the system through the first node that
    /// answers.
    public static func fetch(
        _ client: any NodeClient, topology: Topology, names: [String]? = nil, system readSystem: Bool = true
    ) async throws(NodeError) -> LiveState {
        let wanted = names ?? topology.nodes.map(\.name)
        var nodes: [String: NodeState] = [:]
        var unreachable: [String: String] = [:]
        await withTaskGroup(of: (String, Result<NodeState, NodeError>).self) { group in
            for name in wanted {
                group.addTask {
                    do throws(NodeError) {
                        // Two statements on purpose: the one-expression form crashes when built with -O
                        // (Swift 6.3.1 optimizer, typed throws in a task-group child).
                        let state = try await client.node(name)
                        return (name, .success(state))
                    } catch {
                        return (name, .failure(error))
                    }
                }
            }
            for await (name, result) in group {
                switch result {
                case .success(let state): nodes[name] = state
                case .failure(let error): unreachable[name] = error.description
                }
            }
        }
        guard readSystem else {
            var live = LiveState(
                nodes: nodes, system: SystemState(
                    system: topology.system, pwp: nil, zdu: ZDUState(phase: .off, base: topology.versions.base),
                    health: .down, netAreas: []),
                unreachable: unreachable)
            live.systemRead = false
            return live
        }
        let (system, via) = try await answeredSystem(client, topology: topology, prefer: wanted)
        return LiveState(nodes: nodes, system: system, unreachable: unreachable, systemNode: via)
    }

    /// `GET /v1/system` through the preferred nodes first, then any other; the last error when none answers.
    public static func systemState(
        _ client: any NodeClient, topology: Topology, prefer: [String] = []
    ) async throws(NodeError) -> SystemState {
        try await answeredSystem(client, topology: topology, prefer: prefer).system
    }

    /// The system state and the node that answered.
    private static func answeredSystem(
        _ client: any NodeClient, topology: Topology, prefer: [String]
    ) async throws(NodeError) -> (system: SystemState, node: String) {
        let preferred = Set(prefer)
        let order = prefer + topology.nodes.map(\.name).filter { !preferred.contains($0) }
        var lastError = NodeError.setup(message: "the topology has no nodes")
        for name in order {
            do { return (try await client.system(via: name), name) } catch { lastError = error }
        }
        throw lastError
    }

    /// A one-line summary of the given nodes and the system, for the journal and messages.
    public func summary(nodes names: [String]) -> String {
        var parts: [String] = []
        for name in names {
            guard let node = nodes[name] else {
                parts.append("\(name) unreachable")
                continue
            }
            func count(_ processes: [ProcessState]) -> String {
                "\(processes.filter { $0.state == .running }.count)/\(processes.count)"
            }
            var text = "\(name) base \(node.installedVersion) \(count(node.baseProcesses)) running"
            if !node.targetProcesses.isEmpty {
                text += ", target \(count(node.targetProcesses)) running"
            }
            if let staged = node.stagedVersion { text += ", staged \(staged)" }
            parts.append(text)
        }
        guard systemRead else { return parts.joined(separator: "; ") }
        parts.append("zdu \(system.zdu.phase.rawValue)")
        parts.append("pwp \(system.pwp.map { "\($0.node) (\($0.process))" } ?? "none")")
        parts.append("health \(system.health.rawValue)")
        return parts.joined(separator: "; ")
    }
}
