/// The config keys of the commands a site configures (`commands.<key>`, top level or per node).
public enum OperationKey: String, Sendable, Equatable, Hashable, CaseIterable, Comparable {
    /// `POST /v1/node/binaries/stage`: puts the target binaries into `<binaries.root>/<version>/`; default with
    /// `binaries.archives`: check and unpack `<archives>/<version>.tar.gz`.
    case binariesStage
    /// Read by `GET /v1/system`: prints the contract's `netAreas` JSON array; none: no agent data (empty `netAreas`).
    case agentCounts
    /// Read by `GET /v1/node` and `GET /v1/system`: prints `<node> <process id>` of the PWP; none: `pwp` is null.
    case pwpLocation

    /// Sorted by name, for messages.
    public static func < (lhs: OperationKey, rhs: OperationKey) -> Bool { lhs.rawValue < rhs.rawValue }
}
