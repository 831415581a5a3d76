import NodeContract

/// Accepting node commands: idempotency keys, one operation per node at a time, preconditions (409) checked when the
/// POST arrives; effects happen when the operation completes (FarmModel+Effects).
/// A POST of the very command that runs now on the node, under another key, joins that operation.
/// A key whose operation failed starts a new operation: a failed operation applied no effect.
extension FarmModel {
    /// Starts `command` posted to node `nodeName` with an Idempotency-Key, or refuses it.
    public mutating func submit(_ command: Command, on nodeName: String, key: String) -> CommandOutcome {
        guard let node = nodeIndex[nodeName] else { return .rejected(Problem.notFound("no node \(nodeName)")) }
        guard !key.isEmpty else { return .rejected(Problem.badRequest("the Idempotency-Key header is required")) }
        if let id = operationByKey[key], let record = operations[id] {
            guard record.command == command, record.node == node else {
                return .rejected(Problem.unprocessable(
                    "Idempotency-Key \"\(key)\" was already used for \(record.command.action) on "
                        + "\(nodes[record.node].name); use a new key for a different request"))
            }
            if record.operation.state != .failed { return .accepted(view(record), replayed: true) }
            // The key's operation failed, changing nothing: the same key starts the step afresh.
            operationByKey[key] = nil
            operations[id]?.joinedKeys.removeAll { $0 == key }
        }
        if let running = nodes[node].busyOperation, let record = operations[running], record.command == command {
            operationByKey[key] = running
            operations[running]?.joinedKeys.append(key)
            return .accepted(view(record), replayed: true)
        }
        if let problem = busyProblem(node) ?? precondition(command, node: node) {
            return .rejected(problem)
        }
        if case .wizard(let step) = command { return submitWizard(step, node: node, key: key) }
        let id = "op-\(nextSequence)"
        var record = OperationRecord(
            operation: Operation(
                id: id, action: command.action, node: nodes[node].name, state: .running, idempotencyKey: key),
            command: command, node: node, completesAt: nil, sequence: nextSequence)
        nextSequence += 1
        operationByKey[key] = id
        nodes[node].operationIDs.append(id)
        if alreadyHolds(command, node: node) {
            record.operation.state = .succeeded
            operations[id] = record
            return .accepted(record.operation, replayed: false)
        }
        record.completesAt = duration(of: command).map { now + $0 }
        operations[id] = record
        runningOperations.append(id)
        nodes[node].busyOperation = id
        if case .wpsStop(let drain) = command { startWorkerStop(id, node: node, drain: drain) }
        return .accepted(view(operations[id]!), replayed: false)
    }

    /// An operation as the contract shows it now: while it runs with a known end, with its `etaSeconds`.
    func view(_ record: OperationRecord) -> Operation {
        var operation = record.operation
        if operation.state == .running, let end = record.completesAt {
            operation.etaSeconds = (max(0, end - now) * 1000).rounded() / 1000  // milliseconds, no float noise
        }
        return operation
    }

    /// The operation with an id as node `nodeName` knows it: only its own operations.
    public func operation(id: String, on nodeName: String) -> Operation? {
        guard let record = operations[id], let node = nodeIndex[nodeName], record.node == node else { return nil }
        return view(record)
    }

    /// 409 when another operation runs on the node.
    func busyProblem(_ node: Int) -> Problem? {
        guard let running = nodes[node].busyOperation, let record = operations[running] else { return nil }
        return Problem.conflict("operation \(running) (\(record.command.action)) still runs on node "
            + "\(nodes[node].name); poll it until it is done")
    }

    /// Simulated seconds an operation takes, nil when it ends on another event (a drain).
    func duration(of command: Command) -> Double? {
        switch command {
        case .binariesStage: Double(durations.binariesStage)
        case .targetStart, .processesStart: Double(durations.processesStart)
        case .wpsStop: nil
        case .cpsStop, .targetStop: Double(durations.operation)
        case .wizard: 0
        }
    }
}

extension FarmModel {
    /// `GET /v1/operations?key=&state=` on node `nodeName`: its operations whose Idempotency-Key (or a key that
    /// joined them) starts with `keyPrefix`, in `state` when given, oldest first.
    public func operations(keyPrefix: String, state: OperationState?, on nodeName: String) -> [Operation] {
        guard let node = nodeIndex[nodeName] else { return [] }
        return nodes[node].operationIDs.compactMap { id -> Operation? in
            guard let record = operations[id], state == nil || record.operation.state == state,
                  record.operation.idempotencyKey.hasPrefix(keyPrefix)
                    || record.joinedKeys.contains(where: { $0.hasPrefix(keyPrefix) }) else { return nil }
            return view(record)
        }
    }
}
