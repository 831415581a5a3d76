import NodeContract

/// The POSTs of the node contract as `aeupgrade-node` performs them.
enum NodeAction: String, Sendable, CaseIterable {
    case cpsStandby = "cps/standby"
    case cpsActivate = "cps/activate"
    case wpsStop = "wps/stop"
    case pwpHandover = "pwp/handover"
    case binariesStage = "binaries/stage"
    case binariesInstall = "binaries/install"
    case processesStart = "processes/start"
    case zduPrepare = "zdu/prepare"
    case zduFinalize = "zdu/finalize"
    case zduRollback = "zdu/rollback"

    /// The action of a POST path, if it is one.
    init?(path: String) {
        if path.hasPrefix("/v1/node/") {
            self.init(rawValue: String(path.dropFirst("/v1/node/".count)))
        } else if path.hasPrefix("/v1/system/") {
            self.init(rawValue: String(path.dropFirst("/v1/system/".count)))
        } else {
            return nil
        }
        guard self.isSystem == path.hasPrefix("/v1/system/") else { return nil }
    }

    /// System-wide (one at a time in the system, node nil in the operation).
    var isSystem: Bool { [.zduPrepare, .zduFinalize, .zduRollback].contains(self) }

    /// Whether the POST reads a JSON body.
    var takesBody: Bool { [.wpsStop, .pwpHandover, .binariesStage, .binariesInstall, .zduPrepare].contains(self) }

    /// The config key of its command; nil for the ones done through the ServiceManager only.
    var key: OperationKey? {
        switch self {
        case .cpsStandby: return .cpsStandby
        case .cpsActivate: return .cpsActivate
        case .pwpHandover: return .pwpHandover
        case .binariesStage: return .binariesStage
        case .binariesInstall: return .binariesInstall
        case .zduPrepare: return .zduPrepare
        case .zduFinalize: return .zduFinalize
        case .zduRollback: return .zduRollback
        case .wpsStop, .processesStart: return nil
        }
    }

    /// The request's fields this action uses (others are ignored), for the idempotency fingerprint.
    func fingerprint(_ request: OperationRequest) -> String {
        switch self {
        case .binariesStage, .binariesInstall, .zduPrepare: return "\(rawValue) version=\(request.version ?? "")"
        case .pwpHandover: return "\(rawValue) to=\(request.to ?? "")"
        case .wpsStop: return "\(rawValue) drain=\(request.drain ?? true)"
        default: return rawValue
        }
    }
}
