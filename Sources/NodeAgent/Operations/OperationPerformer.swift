import NodeContract

/// Performs an operation the guard admitted: the stage (configured command or default unpack), or ServiceManager
/// starts and stops in AE's order. It reports success only once the postcondition is observed: the version's
/// directory exists, or the ServiceManager lists every touched service in its new state.
struct OperationPerformer: Sendable {
    let services: AgentServices

    /// One ServiceManager call of an operation.
    private struct Step {
        let process: LiveProcess
        let stop: Bool
        let mode: StopMode
    }

    /// Performs the operation; returns the failure reason (nil: succeeded) and the commands' results.
    func perform(
        _ action: NodeAction, node: NodeConfig, request: OperationRequest
    ) async -> (failure: String?, results: [CommandResult]) {
        if action == .binariesStage { return await stage(node: node, request: request) }
        if let step = action.wizardStep { return await wizard(step, node: node, request: request) }
        let steps: [Step]
        do { steps = try await self.steps(action, node: node, request: request) } catch {
            return (services.runner.mask(error.description), [])
        }
        var results: [CommandResult] = []
        let manager = services.serviceManager, host = services.host(of: node)
        for step in steps {
            let result = step.stop
                ? await manager.stop(service: step.process.service, host: host, mode: step.mode)
                : await manager.start(service: step.process.service, host: host)
            results.append(result)
            guard result.succeeded else {
                let verb = step.stop ? "STOP_PROCESS" : "START_PROCESS"
                return ("ucybsmcl \(verb) \"\(step.process.service)\" \(result.failureReason)", results)
            }
        }
        return (await settle(steps, node: node), results)
    }

    /// The ServiceManager calls of a start or stop action, in AE's order (docs/ae-model.md AE-ORDER-1); only the
    /// services not yet in the wanted state, so an operation whose postcondition holds changes nothing.
    private func steps(
        _ action: NodeAction, node: NodeConfig, request: OperationRequest
    ) async throws(NodeAgentError) -> [Step] {
        let live = try await services.live(node)
        let modes = services.config.serviceManager
        let stop = { (processes: [LiveProcess], mode: StopMode) in
            processes.filter(\.running).map { Step(process: $0, stop: true, mode: mode) }
        }
        let start = { (processes: [LiveProcess]) in
            LiveNode.startOrder(processes).filter { !$0.running }.map { Step(process: $0, stop: false, mode: .normal) }
        }
        switch action {
        case .cpsStop:
            return stop(live.base(.cp, .jcp), modes.stopMode)
        case .wpsStop:
            // WPs except the PWP, the JWPs and the REST processes, then the PWP's WP (AE-ORDER-1, AE-PWP-1).
            let pwp = try await pwpWP(live, node: node)
            let others = live.base(.wp).reversed().filter { $0 != pwp }
            let ordered = others + live.base(.jwp) + live.base(.rest) + (pwp.map { [$0] } ?? [])
            return stop(ordered, (request.drain ?? true) ? modes.stopMode : modes.noDrainStopMode)
        case .targetStop:
            return stop(live.target(.wp).reversed() + live.target(.jwp, .rest, .cp, .jcp), modes.stopMode)
        case .targetStart:
            return start(live.target)
        case .processesStart:
            return start(live.base)
        case .binariesStage, .wizardDBLoad, .wizardSwitch, .wizardFinalize, .wizardRollback:
            return []
        }
    }

    /// The node's base WP holding the PWP: the one `pwpLocation` names, none when it names another node's; without
    /// `pwpLocation`, the first configured WP (started first, so the PWP unless a takeover moved it, AE-PWP-1).
    private func pwpWP(_ live: LiveNode, node: NodeConfig) async throws(NodeAgentError) -> LiveProcess? {
        let wps = live.base(.wp)
        guard let location = try await StateReader(services: services).pwpLocation(node) else { return wps.first }
        return wps.first { $0.id(node: node.name, targetVersion: nil) == location.process }
    }

    /// Waits (up to `commandTimeout`) until the ServiceManager lists every touched service in its new state.
    private func settle(_ steps: [Step], node: NodeConfig) async -> String? {
        guard !steps.isEmpty else { return nil }
        let deadline = ContinuousClock.now + .seconds(services.config.commandTimeoutSeconds)
        while true {
            let live: LiveNode
            do { live = try await services.live(node) } catch { return services.runner.mask(error.description) }
            let pending = steps.filter { step in
                (live.base + live.target).first { $0.service == step.process.service }?.running == step.stop
            }
            if pending.isEmpty { return nil }
            if ContinuousClock.now >= deadline {
                return "ucybsmcl exited 0 but after \(services.config.commandTimeoutSeconds) s the ServiceManager "
                    + "still lists " + pending.map { "\"\($0.process.service)\" \($0.stop ? "running" : "stopped")" }
                    .joined(separator: ", ")
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    /// `binaries/stage`: nothing when `<root>/<version>` exists; else the configured command (which must create
    /// it) or the default unpack of the archive.
    private func stage(node: NodeConfig, request: OperationRequest) async -> (String?, [CommandResult]) {
        let version = request.version ?? "", binaries = services.binaries(of: node)
        if binaries.isStaged(version) { return (nil, []) }
        let timeout = Duration.seconds(services.config.commandTimeoutSeconds)
        guard let command = services.config.command(.binariesStage, node: node) else {
            return await binaries.stage(version, runner: services.runner, timeout: timeout)
        }
        let result = await services.runner.run(
            services.expand(command.argv, node: node, request: request), timeout: timeout,
            extraEnvironment: services.environment(node: node, request: request))
        guard result.succeeded else { return ("commands.binariesStage: \(result.failureReason)", [result]) }
        guard binaries.isStaged(version) else {
            return ("commands.binariesStage exited 0 but \(node.binaries.root)/\(version) does not exist; the "
                + "command must put the target binaries there", [result])
        }
        return (nil, [result])
    }

    /// `wizard/<step>`: the site's command (node.yaml `wizard.<step>`); succeeded when it exits 0. That proves
    /// nothing about AE: the client observes the step's result in `GET /v1/system`.
    private func wizard(
        _ step: WizardStepName, node: NodeConfig, request: OperationRequest
    ) async -> (String?, [CommandResult]) {
        guard let command = node.wizard[step] else { return ("no wizard.\(step.rawValue) in node.yaml", []) }
        var environment = services.environment(node: node, request: request)
        environment["AEUPGRADE_WIZARD_STEP"] = step.rawValue
        let result = await services.runner.run(
            services.expand(command.argv, node: node, request: request),
            timeout: .seconds(services.config.commandTimeoutSeconds), extraEnvironment: environment)
        guard result.succeeded else { return ("wizard.\(step.rawValue): \(result.failureReason)", [result]) }
        return (nil, [result])
    }
}
