import NodeContract

/// A process found stopped while the other processes of its node's set and role run (no step stops one alone):
/// it crashed (`HealthCheck.crashed`).
public struct CrashedProcess: Sendable, Equatable, Hashable {
    /// The node it runs on.
    public var node: String
    /// Its id, e.g. `AE_1B/WP2@24.4.4`.
    public var id: String
    /// WP, CP, JWP, JCP or REST.
    public var kind: ProcessKind
    /// Whether it is a target-version process (only those may be restarted: AE-ZDU-6).
    public var target: Bool

    /// Creates a value.
    public init(node: String, id: String, kind: ProcessKind, target: Bool) {
        self.node = node
        self.id = id
        self.kind = kind
        self.target = target
    }

    /// The health check's line for a node's crashed processes.
    public static func line(node: String, ids: [String]) -> String {
        "\(node): crashed \(ids.sorted().joined(separator: ", ")): stopped while the node's other processes of the "
            + "same set and role run (no step stops one alone)"
    }
}
