import NodeContract

/// One configured process of a node with its state in the ServiceManager's process list.
struct LiveProcess: Sendable, Equatable {
    /// WP, CP, JWP, JCP or REST.
    let kind: ProcessKind
    /// Its number among the node's processes of its kind and set, from 1 (`WP1`), in config order.
    let number: Int
    /// The ServiceManager service name.
    let service: String
    /// Whether it is a target process (started from the staged target binaries).
    let isTarget: Bool
    /// Whether the ServiceManager lists it running.
    let running: Bool

    /// The contract's process id: `<node>/WP1` for a base process, `<node>/WP1@<version>` for a target one.
    func id(node: String, targetVersion: String?) -> String {
        let id = "\(node)/\(kind.rawValue)\(number)"
        return isTarget ? "\(id)@\(targetVersion ?? "?")" : id
    }
}

/// A node's configured processes as the ServiceManager lists them now.
struct LiveNode: Sendable, Equatable {
    /// The base processes, kinds in `ProcessKind.allCases` order, each kind in config order.
    let base: [LiveProcess]
    /// The target processes, in the same order.
    let target: [LiveProcess]

    /// Base processes of some kinds, in the order the kinds are given.
    func base(_ kinds: ProcessKind...) -> [LiveProcess] { kinds.flatMap { kind in base.filter { $0.kind == kind } } }

    /// Target processes of some kinds, in the order the kinds are given.
    func target(_ kinds: ProcessKind...) -> [LiveProcess] {
        kinds.flatMap { kind in target.filter { $0.kind == kind } }
    }

    /// The processes in AE's start order: WPs (the one meant to be PWP first), JWPs, REST, then CPs and JCPs
    /// (docs/ae-model.md AE-ORDER-1).
    static func startOrder(_ processes: [LiveProcess]) -> [LiveProcess] {
        [ProcessKind.wp, .jwp, .rest, .cp, .jcp].flatMap { kind in processes.filter { $0.kind == kind } }
    }
}
