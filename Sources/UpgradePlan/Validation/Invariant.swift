/// The availability invariants of DESIGN.md the validator proves over every reachable state.
public enum Invariant: Int, Sendable, Equatable, Hashable, Comparable, CaseIterable, Codable {
    /// Each NetArea with agents keeps an active CP of its own or of a declared fallback.
    case netAreaReachable = 1
    /// At least `policy.minActiveCPs` CPs are active.
    case minActiveCPs = 2
    /// Exactly one PWP, on a node whose WPs run and are not draining.
    case primaryWorkProcess = 3
    /// At least `policy.minRunningWPs` WPs run.
    case minRunningWPs = 4
    /// A node's binaries change only while all its processes are stopped.
    case binariesWhileStopped = 5
    /// Target binaries or processes exist only between `zdu.prepare` and `zdu.finalize`.
    case mixedVersionsInZDU = 6
    /// At least one base process runs until `zdu.finalize`.
    case baseProcessRuns = 7
    /// At most `policy.maxNodesDownPerDC` nodes of a datacenter are out of service at once.
    case maxNodesDownPerDC = 8

    /// The invariant's short name, as reports print it.
    public var title: String {
        switch self {
        case .netAreaReachable: return "every NetArea with agents reaches an active CP"
        case .minActiveCPs: return "minimum active CPs"
        case .primaryWorkProcess: return "exactly one PWP on a running, non-draining node"
        case .minRunningWPs: return "minimum running WPs"
        case .binariesWhileStopped: return "binaries change only while the node's processes are stopped"
        case .mixedVersionsInZDU: return "mixed versions only between zdu.prepare and zdu.finalize"
        case .baseProcessRuns: return "a base process runs until zdu.finalize"
        case .maxNodesDownPerDC: return "maximum nodes out of service per datacenter"
        }
    }

    public static func < (lhs: Invariant, rhs: Invariant) -> Bool { lhs.rawValue < rhs.rawValue }
}
