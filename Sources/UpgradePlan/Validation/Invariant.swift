/// The invariants the validator proves over every reachable state (DESIGN.md; docs/ae-model.md names the facts).
public enum Invariant: Int, Sendable, Equatable, Hashable, Comparable, CaseIterable, Codable {
    /// Each NetArea's agents reach a serving CP/JCP of their kind, own or declared fallback (AE-NETAREA-1/2,
    /// AE-JCP-1); before the switch only base processes serve, after it target ones (base ones as a last resort
    /// until finalize; ASSUMED-1, AE-ZDU-4).
    case netAreaServed = 1
    /// At least `policy.minActiveCPs` CPs and `policy.minRunningWPs` WPs serve (same base/target rule).
    case minCapacity = 2
    /// Exactly one PWP: on a running base WP before the switch, a target WP after it (AE-PWP-1, AE-ZDU-4).
    case primaryWorkProcess = 3
    /// A base process, once stopped, is never started again while ZDU is on (AE-ZDU-6).
    case baseNeverRestarts = 4
    /// Until finalize the base processes still running can carry the farm alone (so the wizard's rollback is safe),
    /// and some base process runs (else ZDU finalizes by itself) (AE-ZDU-5/6/7).
    case rollbackReserve = 5
    /// At most `policy.maxNodesDownPerDC` nodes of a datacenter mid-upgrade (base stopped, target not running).
    case maxNodesDownPerDC = 6
    /// The version pair is a path ZDU supports (AE-ZDU-10); checked before planning.
    case supportedPath = 7
    /// A node's target processes run only in compatibility mode or later and only after all its base processes
    /// stopped (split installation, AE-ZDU-2/9).
    case splitInstallation = 8
    /// The goal state: every complete execution ends with every node on its target processes, started and verified,
    /// the PWP on a target WP and ZDU finalized; a node whose base processes stop (by the plan, or by finalize for
    /// good) must have its target processes started and verified before the end (AE-ZDU-5, AE-ZDU-6; `Completion`).
    case goalState = 9

    /// The invariant's short name, as reports print it.
    public var title: String {
        switch self {
        case .netAreaServed: return "every NetArea's agents reach a serving CP/JCP"
        case .minCapacity: return "minimum serving CPs and WPs"
        case .primaryWorkProcess: return "exactly one PWP, base before the switch, target after it"
        case .baseNeverRestarts: return "a stopped base process never restarts while ZDU is on"
        case .rollbackReserve: return "until finalize, the running base processes can carry the farm alone"
        case .maxNodesDownPerDC: return "maximum nodes mid-upgrade per datacenter"
        case .supportedPath: return "the version pair is a supported ZDU path"
        case .splitInstallation: return "target processes start only in ZDU and beside no base process of their node"
        case .goalState: return "every node ends on its target processes, started and verified"
        }
    }

    public static func < (lhs: Invariant, rhs: Invariant) -> Bool { lhs.rawValue < rhs.rawValue }
}
