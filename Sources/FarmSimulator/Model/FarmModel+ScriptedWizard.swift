import NodeContract

/// `POST /v1/wizard/{step}` on a node whose topology entry lists the step in `simulatedWizard`: the wizard step as a
/// site's own automation performs it (a real node runs its node.yaml `wizard:` command). The step is the admin
/// endpoint's (`POST <admin>/zdu/...`, FarmModel+Wizard) with the same refusals, never kinder than AE; it
/// happens at once, and the operation records it (Idempotency-Key, `GET /v1/operations`).
extension FarmModel {
    /// 404 when the node does not perform the step (it has no command for it), else nil.
    func scriptedWizardRefusal(_ step: WizardStep, node: Int) -> Problem? {
        guard !nodes[node].wizardSteps.contains(step.name) else { return nil }
        let offered = nodes[node].wizardSteps.map(\.rawValue)
        return Problem.notFound(
            "\(nodes[node].name) has no command for the wizard's \(step.name.rawValue) (this node performs "
                + "\(offered.isEmpty ? "no wizard step" : offered.joined(separator: ", ")); topology "
                + "simulatedWizard): perform it as the operator, POST <admin>/\(step.path) (docs/ae-model.md AE-ZDU-1)")
    }

    /// Performs the step now and records a succeeded operation under `key`; the wizard's refusal (409/422) changes
    /// nothing and records nothing, so the same key may be posted again once the farm is ready.
    mutating func submitWizard(_ step: WizardStep, node: Int, key: String) -> CommandOutcome {
        if case .failure(let problem) = perform(step) { return .rejected(problem) }
        countEffect(key)
        let id = "op-\(nextSequence)"
        let record = OperationRecord(
            operation: Operation(
                id: id, action: Command.wizard(step).action, node: nodes[node].name, state: .succeeded,
                idempotencyKey: key),
            command: .wizard(step), node: node, completesAt: nil, sequence: nextSequence)
        nextSequence += 1
        operationByKey[key] = id
        nodes[node].operationIDs.append(id)
        operations[id] = record
        return .accepted(record.operation, replayed: false)
    }
}

extension WizardStep {
    /// The step of a contract wizard name; a DB load without a version loads none (the POST names it).
    init(_ name: WizardStepName, version: String = "") {
        switch name {
        case .dbload: self = .dbLoad(version: version)
        case .switch: self = .switchOver
        case .finalize: self = .finalize
        case .rollback: self = .rollback
        }
    }

    /// The contract's name of the step (`POST /v1/wizard/{name}`).
    public var name: WizardStepName {
        switch self {
        case .dbLoad: .dbload
        case .switchOver: .switch
        case .finalize: .finalize
        case .rollback: .rollback
        }
    }
}
