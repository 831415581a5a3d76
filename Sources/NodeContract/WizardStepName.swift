/// A step of AE's System Upgrade wizard that a node may perform with the site's own command
/// (`POST /v1/wizard/{step}`): AE's wizard has no API (docs/ae-model.md AE-ZDU-1), so the command is the site's
/// automation (a DB Load utility run in batch, its AWI robot), configured on one node (node.yaml `wizard:`).
/// A client still observes the step's result in `GET /v1/system`: the operation succeeding proves nothing.
public enum WizardStepName: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// Wizard step 2, DB load: ZDU compatibility mode with the target version (the body names it).
    case dbload
    /// Wizard step 4, upgrade mode: connections and the PWP switch to the target processes.
    case `switch`
    /// Wizard step 5, finalize: the base processes stop for good.
    case finalize
    /// The rollback offered in wizard step 4: back to the base processes that still run.
    case rollback

    /// The plan's step kind it performs (`zdu.dbload` ...).
    public var stepKind: String { "zdu." + rawValue }

    /// The wizard step of a plan step kind (`zdu.switch` -> `.switch`), nil for other kinds.
    public init?(stepKind: String) {
        guard stepKind.hasPrefix("zdu.") else { return nil }
        self.init(rawValue: String(stepKind.dropFirst(4)))
    }

    /// Whether the POST needs `{"version": ...}` (the DB load names the version it loads).
    public var needsVersion: Bool { self == .dbload }
}

extension ContractPath {
    /// Prefix of `POST /v1/wizard/{step}`.
    public static let wizardPrefix = "/v1/wizard/"

    /// `POST /v1/wizard/{step}`: the node performs a wizard step with the site's command.
    public static func wizard(_ step: WizardStepName) -> String { wizardPrefix + step.rawValue }
}
