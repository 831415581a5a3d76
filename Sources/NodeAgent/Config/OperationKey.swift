/// The config keys of the operations whose command is configured (`commands.<key>`).
public enum OperationKey: String, Sendable, Equatable, Hashable, CaseIterable, Comparable {
    /// `POST /v1/node/cps/standby`; default: STOP_PROCESS of the node's CP services.
    case cpsStandby
    /// `POST /v1/node/cps/activate`; default: START_PROCESS of the node's CP services.
    case cpsActivate
    /// `POST /v1/node/pwp/handover`; no default.
    case pwpHandover
    /// `POST /v1/node/binaries/stage`; no default.
    case binariesStage
    /// `POST /v1/node/binaries/install`; default with `binaries.root`: verify and unpack the archive, switch `current`.
    case binariesInstall
    /// `POST /v1/system/zdu/prepare`; no default.
    case zduPrepare
    /// `POST /v1/system/zdu/finalize`; no default.
    case zduFinalize
    /// `POST /v1/system/zdu/rollback`; no default.
    case zduRollback
    /// Read by `GET /v1/system`: prints the contract's `netAreas` JSON array; none: `netAreas` is empty.
    case agentCounts
    /// Read by `GET /v1/system`: prints `<node> <process id>` of the PWP; none: `pwp` is null.
    case pwpLocation
    /// Read by `GET /v1/system`: prints `<phase> <base> [<target>]`; none: the phase this agent recorded.
    case zduStatus

    /// Sorted by name, for messages.
    public static func < (lhs: OperationKey, rhs: OperationKey) -> Bool { lhs.rawValue < rhs.rawValue }
}
