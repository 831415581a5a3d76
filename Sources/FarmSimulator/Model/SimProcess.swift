import NodeContract

/// One simulated server process of a node, base or target (docs/ae-model.md AE-PROC-1, AE-ZDU-9).
struct SimProcess: Sendable, Equatable {
    /// WP, CP, JWP, JCP or REST.
    let kind: ProcessKind
    /// Number within its kind on the node, from 1 (`WP2`).
    let number: Int
    /// Running, draining (WPs only) or stopped.
    var state: ProcessRunState
    /// Version it runs or last ran.
    var version: String
    /// Order in which it last started (lower = earlier), for PWP election (AE-PWP-1, AE-ORDER-1).
    var startOrder: Int
    /// Whether it ever ran: target processes appear in `GET /v1/node` once started.
    var everStarted: Bool

    /// Whether it runs or drains.
    var isUp: Bool { state != .stopped }
}

/// Which of a node's two process sets: the base processes or the target processes of a split installation.
enum ProcessSet: Int, Sendable, Equatable, CaseIterable {
    case base = 0
    case target = 1
}

/// The kinds of a node's processes in the order the node lists them, with their counts from the topology.
enum ProcessLayout {
    /// The processes of one set, in kind order WP, CP, JWP, JCP, REST, all stopped and never started.
    static func processes(wps: Int, cps: Int, jwps: Int, jcps: Int, rest: Int, version: String) -> [SimProcess] {
        let counts: [(ProcessKind, Int)] = [(.wp, wps), (.cp, cps), (.jwp, jwps), (.jcp, jcps), (.rest, rest)]
        return counts.flatMap { kind, count in
            (0..<max(0, count)).map {
                SimProcess(kind: kind, number: $0 + 1, state: .stopped, version: version, startOrder: 0,
                           everStarted: false)
            }
        }
    }
}
