/// A rolling upgrade as a DAG of steps, with the topology it was made from.
public struct Plan: Sendable, Equatable, Codable {
    /// The AE system name.
    public var system: String
    /// SHA-256 (hex) of the normalized topology the plan was made from.
    public var topologyHash: String
    /// The topology the plan was made from.
    public var topology: Topology
    /// Length of the longest dependency chain, in estimated seconds.
    public var criticalPathSeconds: Int
    /// The steps, in a deterministic topological order.
    public var steps: [Step]

    /// Creates a plan.
    public init(system: String, topologyHash: String, topology: Topology, criticalPathSeconds: Int, steps: [Step]) {
        self.system = system
        self.topologyHash = topologyHash
        self.topology = topology
        self.criticalPathSeconds = criticalPathSeconds
        self.steps = steps
    }

    /// The step with the given id.
    public func step(id: String) -> Step? {
        steps.first { $0.id == id }
    }
}
