import NodeContract
import NodeServerKit

/// Decides whether an operation may start (422, 501, 409) and performs it: the configured command, or the default
/// through the ServiceManager / the binaries root. Never reports success for something it did not do.
struct OperationPerformer: Sendable {
    let services: AgentServices

    /// A problem when the operation must be refused before it starts, else nil.
    func refusal(_ action: NodeAction, node: NodeConfig, request: OperationRequest) async -> Problem? {
        let needsVersion: Set<NodeAction> = [.binariesStage, .binariesInstall, .zduPrepare]
        if needsVersion.contains(action), (request.version ?? "").isEmpty {
            return Problem.unprocessable("POST \(action.rawValue) needs {\"version\": \"...\"}")
        }
        if action == .pwpHandover, (request.to ?? "").isEmpty {
            return Problem.unprocessable("POST pwp/handover needs {\"to\": \"<node>\"}")
        }
        let configured = action.key.flatMap { services.config.command($0, node: node) } != nil
        let hasDefault: Bool
        switch action {
        case .cpsStandby, .cpsActivate, .wpsStop, .processesStart: hasDefault = true
        case .binariesInstall: if case .root = node.binaries { hasDefault = true } else { hasDefault = false }
        default: hasDefault = false
        }
        if let key = action.key, !configured, !hasDefault {
            return Problem.notImplemented(
                "\(node.name): \(action.rawValue) has no command: set commands.\(key.rawValue) in node.yaml "
                    + "(top level or under this node); aeupgrade-node never pretends to have done it")
        }
        if action == .binariesInstall {
            do {
                let installed = try NodeBinaries(config: node.binaries, node: node.name).installedVersion()
                if installed == request.version { return nil }
                let live = try await services.services(of: node)
                let running = (live.wps + live.cps).filter(\.running).map(\.name)
                if !running.isEmpty {
                    return Problem.conflict(
                        "\(node.name): cannot install \(request.version ?? "") while processes run "
                            + "(\(running.joined(separator: ", "))); stop them first (POST /v1/node/wps/stop)")
                }
                let version = request.version ?? ""
                let base = try await StateReader(services: services).zduState(node).base
                if version != base, try !NodeBinaries(config: node.binaries, node: node.name).isAvailable(version) {
                    return Problem.conflict(
                        "\(node.name): version \(version) is not staged; stage it first (POST /v1/node/binaries/stage)")
                }
            } catch {
                return Problem.unavailable(services.runner.mask(error.description))
            }
        }
        return nil
    }

    /// Performs the operation; returns the failure reason (nil: succeeded) and the commands' results.
    func perform(
        _ action: NodeAction, node: NodeConfig, request: OperationRequest
    ) async -> (failure: String?, results: [CommandResult]) {
        let outcome: (String?, [CommandResult])
        if let key = action.key, let command = services.config.command(key, node: node) {
            let result = await services.runner.run(
                services.expand(command.argv, node: node, request: request),
                timeout: .seconds(services.config.commandTimeoutSeconds),
                extraEnvironment: services.environment(node: node, request: request))
            outcome = (result.succeeded ? nil : "commands.\(key.rawValue): \(result.failureReason)", [result])
        } else {
            outcome = await performDefault(action, node: node, request: request)
        }
        guard outcome.0 == nil else { return outcome }
        do {
            try await remember(action, node: node, request: request)
        } catch {
            return (error.description, outcome.1)
        }
        return outcome
    }

    private func performDefault(
        _ action: NodeAction, node: NodeConfig, request: OperationRequest
    ) async -> (String?, [CommandResult]) {
        let live: (wps: [ServiceEntry], cps: [ServiceEntry])
        do { live = try await services.services(of: node) } catch { return (services.runner.mask(error.description), []) }
        let manager = services.serviceManager, host = services.host(of: node)
        let modes = services.config.serviceManager
        var steps: [(stop: Bool, service: String, mode: String?)] = []
        switch action {
        case .cpsStandby:
            steps = live.cps.filter(\.running).map { (true, $0.name, modes.immediateStopMode) }
        case .cpsActivate:
            steps = live.cps.filter { !$0.running }.map { (false, $0.name, nil) }
        case .wpsStop:
            // AE's stop order: WPs except the PWP, then CPs, then the PWP (if it is on this node).
            let mode = (request.drain ?? true) ? modes.drainStopMode : modes.immediateStopMode
            let pwpID = (try? await StateReader(services: services).pwpLocation(node))?.process
            let pwp = live.wps.indices.first { "\(node.name)/WP\($0 + 1)" == pwpID }
            let others = live.wps.indices.reversed().filter { $0 != pwp }.map { live.wps[$0] }
            steps = others.filter(\.running).map { (true, $0.name, mode) }
                + live.cps.filter(\.running).map { (true, $0.name, modes.immediateStopMode) }
                + (pwp.map { [live.wps[$0]] } ?? []).filter(\.running).map { (true, $0.name, mode) }
        case .processesStart:
            steps = (live.wps + live.cps).filter { !$0.running }.map { (false, $0.name, nil) }
        case .binariesInstall:
            let binaries = NodeBinaries(config: node.binaries, node: node.name)
            if (try? binaries.installedVersion()) == request.version { return (nil, []) }
            return await binaries.install(
                request.version ?? "", runner: services.runner, timeout: .seconds(services.config.commandTimeoutSeconds))
        default:
            return ("\(action.rawValue) has no default", [])
        }
        var results: [CommandResult] = []
        for step in steps {
            let result = step.stop
                ? await manager.stop(service: step.service, host: host, mode: step.mode)
                : await manager.start(service: step.service, host: host)
            results.append(result)
            guard result.succeeded else {
                let verb = step.stop ? "STOP_PROCESS" : "START_PROCESS"
                return ("ucybsmcl \(verb) \"\(step.service)\" \(result.failureReason)", results)
            }
        }
        return (nil, results)
    }

    /// Records what AE's tools do not report: CP mode, ZDU phase.
    private func remember(_ action: NodeAction, node: NodeConfig, request: OperationRequest) async throws(NodeAgentError) {
        let memory = services.memory
        switch action {
        case .cpsStandby: try await memory.setCPMode(.standby, node: node.name)
        case .cpsActivate: try await memory.setCPMode(.active, node: node.name)
        case .zduPrepare, .zduFinalize, .zduRollback:
            let current = try await StateReader(services: services).zduState(node)
            let phase: ZDUPhase = action == .zduPrepare ? .compatibility : action == .zduFinalize ? .finalized : .off
            let target = action == .zduRollback ? nil : (request.version ?? current.target)
            try await memory.setZDU(ZDUState(phase: phase, base: current.base, target: target))
        default: break
        }
    }
}
