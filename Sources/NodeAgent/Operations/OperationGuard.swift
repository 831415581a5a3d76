import NodeContract

/// The refusals of `aeupgrade-node` before an operation starts: 422 (invalid request), 501 (not configured), 409
/// (the node's or the system's state forbids it now, naming the fact), 503 (the state cannot be read).
struct OperationGuard: Sendable {
    let services: AgentServices

    /// KB 84928: a base process stopped in compatibility mode cannot be started again (docs/ae-model.md AE-ZDU-6).
    static let kb84928 =
        "https://knowledge.broadcom.com/external/article/84928/two-additional-hints-were-added-to-the-z.html"

    /// A problem when the operation must be refused before it starts, else nil.
    func refusal(_ action: NodeAction, node: NodeConfig, request: OperationRequest) async -> Problem? {
        let version = request.version ?? ""
        if action.needsVersion, version.isEmpty {
            return Problem.unprocessable("POST \(action.rawValue) needs {\"version\": \"...\"}")
        }
        if let step = action.wizardStep { return wizardRefusal(step, node: node, version: version) }
        do throws(NodeAgentError) {
            switch action {
            case .binariesStage: return stageRefusal(node: node, version: version)
            case .wizardDBLoad, .wizardSwitch, .wizardFinalize, .wizardRollback: return nil
            case .cpsStop, .wpsStop: return nil
            case .targetStart: return try await targetStartRefusal(node: node, version: version)
            case .targetStop:
                let zdu = try await StateReader(services: services).zduState(node)
                guard zdu.phase == .switched || zdu.phase == .finalized else { return nil }
                return Problem.conflict(
                    "\(node.name): ZDU is \(zdu.phase.rawValue): after the switch the target processes serve and "
                        + "target/stop is refused; before finalize, use the wizard's rollback in the AWI (step 4, "
                        + "docs/ae-model.md AE-ZDU-7)")
            case .processesStart:
                let zdu = try await StateReader(services: services).zduState(node)
                guard zdu.phase != .off else { return nil }
                return Problem.conflict(
                    "\(node.name): ZDU is \(zdu.phase.rawValue): a base process that stopped cannot be started again "
                        + "while compatibility mode is on (KB 84928, \(Self.kb84928); docs/ae-model.md AE-ZDU-6); "
                        + "start the target processes (target/start) instead")
            }
        } catch .notConfigured(let node, let field, let reason) {
            return Problem.notImplemented("\(node): \(action.rawValue) needs \(field) in node.yaml: \(reason)")
        } catch {
            return Problem.unavailable(services.runner.mask(error.description))
        }
    }

    /// 404 when the node has no command for the step (it offers no such operation: retrying does not help, and
    /// the operator performs the step in the AWI); 422 for a version that is not one. The phase is not
    /// checked here: the site's automation drives AE's wizard, which refuses what it refuses, and the client
    /// observes the result.
    private func wizardRefusal(_ step: WizardStepName, node: NodeConfig, version: String) -> Problem? {
        guard node.wizard[step] != nil else {
            let offered = node.wizardSteps.map(\.rawValue)
            let performs = offered.isEmpty ? "no wizard step" : offered.joined(separator: ", ")
            return Problem.notFound(
                "\(node.name) has no command for the wizard's \(step.rawValue) (nodes[].wizard.\(step.rawValue) in "
                    + "node.yaml; this node performs \(performs)): "
                    + "perform it in the AWI, client 0, System Upgrade wizard (docs/ae-model.md AE-ZDU-1)")
        }
        if !version.isEmpty, NodeBinaries.versionParts(version) == nil {
            return Problem.unprocessable("\(node.name): \"\(version.prefix(80))\" is not a version such as 24.4.4")
        }
        return nil
    }

    private func stageRefusal(node: NodeConfig, version: String) -> Problem? {
        if version == node.baseVersion {
            return Problem.unprocessable(
                "\(node.name): \(version) is the base version (base.version); binaries/stage takes the target version")
        }
        if NodeBinaries.versionParts(version) == nil {
            return Problem.unprocessable("\(node.name): \"\(version)\" is not a version such as 24.4.4")
        }
        if services.config.command(.binariesStage, node: node) == nil, node.binaries.archives == nil {
            return Problem.notImplemented(
                "\(node.name): binaries/stage has no way to stage: set binaries.archives (a directory with "
                    + "<version>.tar.gz and its .sha256) or commands.binariesStage in node.yaml")
        }
        return nil
    }

    private func targetStartRefusal(node: NodeConfig, version: String) async throws(NodeAgentError) -> Problem? {
        guard !node.target.services.isEmpty else {
            return Problem.notImplemented(
                "\(node.name): target/start needs the target services (nodes[].target) in node.yaml")
        }
        let zdu = try await StateReader(services: services).zduState(node)
        guard zdu.phase != .off else {
            return Problem.conflict(
                "\(node.name): ZDU is off: target processes start only in compatibility mode, after the wizard's "
                    + "DB load (AWI, client 0, step 2; docs/ae-model.md AE-ZDU-2, AE-ZDU-9)")
        }
        guard zdu.target == version else {
            return Problem.conflict(
                "\(node.name): \(version) is not the ZDU target (\(zdu.target ?? "none")); start the version the "
                    + "wizard loaded the database for")
        }
        guard services.binaries(of: node).isStaged(version) else {
            return Problem.conflict(
                "\(node.name): \(version) is not staged (no \(node.binaries.root)/\(version)); stage it first "
                    + "(POST /v1/node/binaries/stage)")
        }
        let running = try await services.live(node).base.filter(\.running).map(\.service)
        guard running.isEmpty else {
            return Problem.conflict(
                "\(node.name): base processes still run (\(running.joined(separator: ", "))); a split installation "
                    + "starts the target processes only after the node's base processes stopped: cps/stop, then "
                    + "wps/stop (docs/ae-model.md AE-ZDU-9)")
        }
        return nil
    }
}
