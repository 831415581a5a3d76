import NodeContract

/// An operation a client asks of a node (or, for `zdu*`, of the system), as the POSTs of the contract carry it.
public enum Command: Sendable, Equatable, Hashable {
    /// `POST /v1/node/cps/standby`.
    case cpsStandby
    /// `POST /v1/node/cps/activate`.
    case cpsActivate
    /// `POST /v1/node/wps/stop`.
    case wpsStop(drain: Bool)
    /// `POST /v1/node/pwp/handover`.
    case pwpHandover(to: String)
    /// `POST /v1/node/binaries/stage`.
    case binariesStage(version: String)
    /// `POST /v1/node/binaries/install`.
    case binariesInstall(version: String)
    /// `POST /v1/node/processes/start`.
    case processesStart
    /// `POST /v1/system/zdu/prepare`.
    case zduPrepare(version: String)
    /// `POST /v1/system/zdu/finalize`.
    case zduFinalize
    /// `POST /v1/system/zdu/rollback`.
    case zduRollback

    /// The operation's `action`: the path suffix, e.g. `cps/standby`.
    public var action: String {
        switch self {
        case .cpsStandby: "cps/standby"
        case .cpsActivate: "cps/activate"
        case .wpsStop: "wps/stop"
        case .pwpHandover: "pwp/handover"
        case .binariesStage: "binaries/stage"
        case .binariesInstall: "binaries/install"
        case .processesStart: "processes/start"
        case .zduPrepare: "zdu/prepare"
        case .zduFinalize: "zdu/finalize"
        case .zduRollback: "zdu/rollback"
        }
    }

    /// Whether the command acts on the whole system rather than on the node it was posted to.
    public var isSystemWide: Bool {
        switch self {
        case .zduPrepare, .zduFinalize, .zduRollback: true
        default: false
        }
    }

    /// The command a POST to `path` with `body` asks for, or a 404/422 problem.
    public static func parse(path: String, body: OperationRequest) -> Result<Command, Problem> {
        func need(_ value: String?, _ field: String) -> Result<String, Problem> {
            guard let value, !value.isEmpty else {
                return .failure(Problem.unprocessable("\(path) needs a non-empty \"\(field)\" in its JSON body"))
            }
            return .success(value)
        }
        switch path {
        case ContractPath.cpsStandby: return .success(.cpsStandby)
        case ContractPath.cpsActivate: return .success(.cpsActivate)
        case ContractPath.wpsStop: return .success(.wpsStop(drain: body.drain ?? true))
        case ContractPath.pwpHandover: return need(body.to, "to").map { .pwpHandover(to: $0) }
        case ContractPath.binariesStage: return need(body.version, "version").map { .binariesStage(version: $0) }
        case ContractPath.binariesInstall: return need(body.version, "version").map { .binariesInstall(version: $0) }
        case ContractPath.processesStart: return .success(.processesStart)
        case ContractPath.zduPrepare: return need(body.version, "version").map { .zduPrepare(version: $0) }
        case ContractPath.zduFinalize: return .success(.zduFinalize)
        case ContractPath.zduRollback: return .success(.zduRollback)
        default: return .failure(Problem.notFound("no operation at POST \(path)"))
        }
    }
}
