import NodeContract

/// The POSTs of the node contract (`ContractPath`) as `aeupgrade-node` performs them.
enum NodeAction: String, Sendable, CaseIterable {
    case binariesStage = "binaries/stage"
    case cpsStop = "cps/stop"
    case wpsStop = "wps/stop"
    case targetStart = "target/start"
    case targetStop = "target/stop"
    case processesStart = "processes/start"
    /// `POST /v1/wizard/dbload`: the site's command for the wizard's DB load (node.yaml `wizard.dbload`).
    case wizardDBLoad = "wizard/dbload"
    /// `POST /v1/wizard/switch`: the site's command for the wizard's switch.
    case wizardSwitch = "wizard/switch"
    /// `POST /v1/wizard/finalize`: the site's command for the wizard's finalize.
    case wizardFinalize = "wizard/finalize"
    /// `POST /v1/wizard/rollback`: the site's command for the wizard's rollback.
    case wizardRollback = "wizard/rollback"

    /// The action of a POST path, if it is one.
    init?(path: String) {
        if path.hasPrefix(ContractPath.wizardPrefix) {
            let name = String(path.dropFirst(ContractPath.wizardPrefix.count))
            guard let step = WizardStepName(rawValue: name) else { return nil }
            self.init(wizard: step)
            return
        }
        let prefix = "/v1/node/"
        guard path.hasPrefix(prefix) else { return nil }
        self.init(rawValue: String(path.dropFirst(prefix.count)))
    }

    /// The action of a wizard step.
    init(wizard step: WizardStepName) {
        switch step {
        case .dbload: self = .wizardDBLoad
        case .switch: self = .wizardSwitch
        case .finalize: self = .wizardFinalize
        case .rollback: self = .wizardRollback
        }
    }

    /// The wizard step of a wizard action, nil for the node's own operations.
    var wizardStep: WizardStepName? {
        switch self {
        case .wizardDBLoad: .dbload
        case .wizardSwitch: .switch
        case .wizardFinalize: .finalize
        case .wizardRollback: .rollback
        default: nil
        }
    }

    /// Whether the POST reads a JSON body (wizard steps take an optional `{"version"}`, the DB load needs it).
    var takesBody: Bool { [.binariesStage, .wpsStop, .targetStart].contains(self) || wizardStep != nil }

    /// Whether the request must name a version.
    var needsVersion: Bool { self == .binariesStage || self == .targetStart || self == .wizardDBLoad }

    /// The request's fields this action uses (others are ignored), for the idempotency fingerprint.
    func fingerprint(_ request: OperationRequest) -> String {
        switch self {
        case .binariesStage, .targetStart, .wizardDBLoad, .wizardSwitch, .wizardFinalize, .wizardRollback:
            return "\(rawValue) version=\(request.version ?? "")"
        case .wpsStop: return "\(rawValue) drain=\(request.drain ?? true)"
        default: return rawValue
        }
    }
}
