/// A step of the AWI System Upgrade wizard, as the operator performs it (docs/ae-model.md AE-ZDU-1): the
/// simulator offers them on its admin endpoint (`POST <admin>/zdu/...`), never through the node contract.
public enum WizardStep: Sendable, Equatable, Hashable {
    /// Step 2, DB load: ZDU off -> compatibility mode with `version` as target (AE-ZDU-2).
    case dbLoad(version: String)
    /// Step 4, upgrade mode: connections and the PWP switch to the target processes (AE-ZDU-4).
    case switchOver
    /// Step 5, finalize: the base processes stop for good; no rollback after it (AE-ZDU-5, AE-ZDU-8).
    case finalize
    /// The rollback offered in step 4: back to the base processes that still run (AE-ZDU-7, ASSUMED-3).
    case rollback

    /// The admin path suffix, e.g. `zdu/switch`.
    public var path: String {
        switch self {
        case .dbLoad: "zdu/dbload"
        case .switchOver: "zdu/switch"
        case .finalize: "zdu/finalize"
        case .rollback: "zdu/rollback"
        }
    }
}
