import NodeContract

/// The ServiceManager service names of one set of a node's processes (the base or the target ones), per kind, each
/// list in start order: the first WP is the one meant to become PWP (docs/ae-model.md AE-ORDER-1).
public struct ServiceSet: Sendable, Equatable {
    /// Service names per process kind; a kind the node does not run is absent or empty.
    public var services: [ProcessKind: [String]]

    /// Creates a service set.
    public init(_ services: [ProcessKind: [String]]) {
        self.services = services.filter { !$0.value.isEmpty }
    }

    /// The services of one kind, in start order.
    public subscript(kind: ProcessKind) -> [String] { services[kind] ?? [] }

    /// Every service name, kinds in `ProcessKind.allCases` order.
    public var all: [String] { ProcessKind.allCases.flatMap { self[$0] } }

    /// How many processes of each kind.
    public var counts: [ProcessKind: Int] { services.mapValues(\.count) }
}
