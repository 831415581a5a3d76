import NodeContract

/// An operation a client asks of a node, as the POSTs of the node contract carry it (spec/node-api.yaml).
///
/// The ZDU wizard steps are not here: the operator does them in the AWI (docs/ae-model.md AE-ZDU-1); the
/// simulator offers them on its admin endpoint as `WizardStep`.
public enum Command: Sendable, Equatable, Hashable {
    /// `POST /v1/node/binaries/stage {version}`: target binaries into their own directory (AE-ZDU-9).
    case binariesStage(version: String)
    /// `POST /v1/node/cps/stop`: stop the node's base CPs and JCPs.
    case cpsStop
    /// `POST /v1/node/wps/stop {drain}`: stop the node's base WPs, JWPs and REST processes.
    case wpsStop(drain: Bool)
    /// `POST /v1/node/target/start {version}`: start the node's target processes.
    case targetStart(version: String)
    /// `POST /v1/node/target/stop`: stop the node's target processes (before the switch only).
    case targetStop
    /// `POST /v1/node/processes/start`: start the node's stopped base processes (while ZDU is off only).
    case processesStart
    /// `POST /v1/wizard/{step}` on a node whose topology entry lists the step in `simulatedWizard`: the wizard step
    /// as the site's own automation would perform it (FarmModel+ScriptedWizard).
    case wizard(WizardStep)

    /// The operation's `action`: the path suffix, e.g. `cps/stop`.
    public var action: String {
        switch self {
        case .binariesStage: "binaries/stage"
        case .cpsStop: "cps/stop"
        case .wpsStop: "wps/stop"
        case .targetStart: "target/start"
        case .targetStop: "target/stop"
        case .processesStart: "processes/start"
        case .wizard(let step): "wizard/" + step.name.rawValue
        }
    }

    /// Whether the POST reads a JSON body.
    public static func takesBody(_ path: String) -> Bool {
        [ContractPath.wpsStop, ContractPath.binariesStage, ContractPath.targetStart].contains(path)
            || path.hasPrefix(ContractPath.wizardPrefix)
    }

    /// The command a POST to `path` with `body` asks for, or a 404/422 problem.
    public static func parse(path: String, body: OperationRequest) -> Result<Command, Problem> {
        func need(_ value: String?, _ field: String) -> Result<String, Problem> {
            guard let value, !value.isEmpty else {
                return .failure(Problem.unprocessable("\(path) needs a non-empty \"\(field)\" in its JSON body"))
            }
            guard isVersion(value) else {
                return .failure(Problem.unprocessable(
                    "\"\(value.prefix(80))\" is not a version such as 24.4.4 (digits separated by dots)"))
            }
            return .success(value)
        }
        switch path {
        case ContractPath.binariesStage: return need(body.version, "version").map { .binariesStage(version: $0) }
        case ContractPath.cpsStop: return .success(.cpsStop)
        case ContractPath.wpsStop: return .success(.wpsStop(drain: body.drain ?? true))
        case ContractPath.targetStart: return need(body.version, "version").map { .targetStart(version: $0) }
        case ContractPath.targetStop: return .success(.targetStop)
        case ContractPath.processesStart: return .success(.processesStart)
        case _ where path.hasPrefix(ContractPath.wizardPrefix):
            let text = path.dropFirst(ContractPath.wizardPrefix.count)
            guard let name = WizardStepName(rawValue: String(text)) else {
                return .failure(Problem.badRequest("no wizard step \"\(text.prefix(80))\"; the steps are "
                    + WizardStepName.allCases.map(\.rawValue).joined(separator: ", ")))
            }
            if name == .dbload { return need(body.version, "version").map { .wizard(.dbLoad(version: $0)) } }
            if let version = body.version { return need(version, "version").map { _ in .wizard(WizardStep(name)) } }
            return .success(.wizard(WizardStep(name)))
        default: return .failure(Problem.notFound("no operation at POST \(path)"))
        }
    }

    /// Whether `text` is a version as the contract's schema has it: `^[0-9]+(\.[0-9]+)+$`.
    static func isVersion(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { ("0"..."9").contains($0) } }
    }
}
