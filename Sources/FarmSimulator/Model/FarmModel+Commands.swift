import NodeContract

/// Accepting commands: idempotency keys, one operation per node (and one system operation) at a time, preconditions
/// (409) checked when the POST arrives; effects happen when the operation completes (see FarmModel+Effects).
/// A POST of the very command that runs now on the node (or system), under another key, joins that operation.
/// A key whose operation failed starts a new operation: a failed operation applied no effect.
extension FarmModel {
    /// Starts `command` posted to node `nodeName` with an Idempotency-Key, or refuses it.
    public mutating func submit(_ command: Command, on nodeName: String, key: String) -> CommandOutcome {
        guard let node = nodeIndex[nodeName] else { return .rejected(Problem.notFound("no node \(nodeName)")) }
        guard !key.isEmpty else { return .rejected(Problem.badRequest("the Idempotency-Key header is required")) }
        if let id = operationByKey[key], let record = operations[id] {
            let sameTarget = command.isSystemWide || record.node == node
            guard record.command == command, sameTarget else {
                return .rejected(Problem.unprocessable(
                    "Idempotency-Key \"\(key)\" was already used for \(record.command.action) on "
                        + "\(nodes[record.node].name); use a new key for a different request"))
            }
            if record.operation.state != .failed { return .accepted(view(record), replayed: true) }
            // The key's operation failed, changing nothing: the same key starts the step afresh.
            operationByKey[key] = nil
        }
        if let running = command.isSystemWide ? systemOperation : nodes[node].busyOperation,
           let record = operations[running], record.command == command {
            operationByKey[key] = running
            return .accepted(view(record), replayed: true)
        }
        if let problem = busyProblem(command, node: node) ?? precondition(command, node: node) {
            return .rejected(problem)
        }
        let id = "op-\(nextSequence)"
        var record = OperationRecord(
            operation: Operation(
                id: id, action: command.action, node: command.isSystemWide ? nil : nodes[node].name,
                state: .running, idempotencyKey: key),
            command: command, node: node, completesAt: nil, sequence: nextSequence)
        nextSequence += 1
        operationByKey[key] = id
        if alreadyHolds(command, node: node) {
            record.operation.state = .succeeded
            operations[id] = record
            return .accepted(record.operation, replayed: false)
        }
        record.completesAt = duration(of: command).map { now + $0 }
        operations[id] = record
        runningOperations.append(id)
        if command.isSystemWide { systemOperation = id } else { nodes[node].busyOperation = id }
        if case .wpsStop(let drain) = command { startStop(id, node: node, drain: drain) }
        return .accepted(view(operations[id]!), replayed: false)
    }

    /// An operation as the contract shows it now: while it runs with a known end, with its `etaSeconds`.
    func view(_ record: OperationRecord) -> Operation {
        var operation = record.operation
        if operation.state == .running, let end = record.completesAt { operation.etaSeconds = max(0, end - now) }
        return operation
    }

    /// The operation with an id as node `nodeName` knows it: its own node operations and every system operation.
    public func operation(id: String, on nodeName: String) -> Operation? {
        guard let record = operations[id], let node = nodeIndex[nodeName] else { return nil }
        return record.command.isSystemWide || record.node == node ? view(record) : nil
    }

    /// 409 when another operation runs on the node (or in the system, for system operations).
    func busyProblem(_ command: Command, node: Int) -> Problem? {
        let running = command.isSystemWide ? systemOperation : nodes[node].busyOperation
        guard let running, let record = operations[running] else { return nil }
        let scope = command.isSystemWide ? "the system" : "node \(nodes[node].name)"
        return Problem.conflict(
            "operation \(running) (\(record.command.action)) still runs on \(scope); poll it until it is done")
    }

    /// Simulated seconds an operation takes, nil when it ends on another event (a drain).
    func duration(of command: Command) -> Double? {
        switch command {
        case .binariesStage: Double(durations.binariesStage)
        case .binariesInstall: Double(durations.binariesInstall)
        case .processesStart: Double(durations.processesStart)
        case .wpsStop: nil
        default: Double(durations.operation)
        }
    }

    /// Whether the command's postcondition holds already (the operation then succeeds at once, changing nothing).
    func alreadyHolds(_ command: Command, node: Int) -> Bool {
        let simNode = nodes[node]
        switch command {
        case .cpsStandby:
            return simNode.cpModeSetting == .standby && simNode.cps.allSatisfy { $0.cpMode == .standby }
        case .cpsActivate:
            return simNode.cpModeSetting == .active && simNode.cps.allSatisfy { $0.cpMode == .active }
        case .wpsStop: return !simNode.anyProcessUp
        case .pwpHandover(let to): return pwp.map { nodes[$0.node].name == to } ?? false
        case .binariesStage(let version): return simNode.stagedVersion == version
        case .binariesInstall(let version): return simNode.installedVersion == version
        case .processesStart: return simNode.allProcessesRunning
        case .zduPrepare(let version): return zdu.phase == .compatibility && zdu.target == version
        case .zduFinalize: return zdu.phase == .finalized
        case .zduRollback: return zdu.phase == .off
        }
    }

    /// 409/422 when the state forbids the command now; nil when it may start.
    func precondition(_ command: Command, node: Int) -> Problem? {
        if alreadyHolds(command, node: node) { return nil }
        let simNode = nodes[node]
        switch command {
        case .cpsStandby, .cpsActivate, .wpsStop, .binariesStage:
            return nil
        case .pwpHandover(let to):
            return handoverProblem(from: node, to: to)
        case .binariesInstall(let version):
            if simNode.anyProcessUp {
                return Problem.conflict(
                    "cannot install \(version) on \(simNode.name) while its processes run; stop them first (wps/stop)")
            }
            if version != simNode.stagedVersion && version != zdu.base {
                return Problem.conflict(
                    "version \(version) is not staged on \(simNode.name); stage it first (binaries/stage)")
            }
            return nil
        case .processesStart:
            return startProblem(node)
        case .zduPrepare(let version):
            if version == zdu.base {
                return Problem.unprocessable("the target version \(version) is the base version; nothing to upgrade")
            }
            if zdu.phase != .off {
                return Problem.conflict("ZDU is \(zdu.phase.rawValue) (target \(zdu.target ?? "-")), not off; "
                    + "cannot prepare \(version)")
            }
            return nil
        case .zduFinalize:
            return zdu.phase == .off ? Problem.conflict("ZDU is off: nothing to finalize; run zdu/prepare first") : nil
        case .zduRollback:
            if zdu.phase == .finalized {
                let how = autoFinalized ? " (by itself: every base process stopped)" : ""
                return Problem.conflict("ZDU was finalized\(how); there is no way back")
            }
            if let running = firstRunningProcess(version: zdu.target) {
                return Problem.conflict("cannot roll back while target process \(running) runs; stop it first")
            }
            return nil
        }
    }

    /// Why a PWP handover from `node` to `to` cannot start, if it cannot.
    func handoverProblem(from node: Int, to: String) -> Problem? {
        guard let target = nodeIndex[to] else { return Problem.unprocessable("unknown node \"\(to)\" in \"to\"") }
        if target == node { return Problem.unprocessable("\"to\" names the node itself (\(to))") }
        guard let pwp, pwp.node == node else {
            let holder = pwp.map { nodes[$0.node].name } ?? "nobody (takeover pending)"
            return Problem.conflict(
                "\(nodes[node].name) does not hold the PWP (held by \(holder)); post on its holder")
        }
        if nodes[target].acceptingWPs == 0 {
            return Problem.conflict("\(to) has no running WP to take the PWP; start its processes first")
        }
        return nil
    }

    /// Why the node's processes cannot start now (ZDU hazards, mixed versions), if they cannot.
    func startProblem(_ node: Int) -> Problem? {
        let simNode = nodes[node]
        let version = simNode.installedVersion
        switch zdu.phase {
        case .off where version != zdu.base:
            return Problem.conflict("starting \(version) on \(simNode.name) would mix it with \(zdu.base) outside ZDU "
                + "compatibility mode; run zdu/prepare first (or install \(zdu.base))")
        case .compatibility where version == zdu.base:
            return Problem.conflict("a base (\(version)) process stopped during ZDU compatibility mode cannot be "
                + "restarted until compatibility ends (finalize or rollback); install "
                + "\(zdu.target ?? "the target") first")
        case .compatibility where version != zdu.target:
            return Problem.conflict("\(version) is neither the base \(zdu.base) nor the target \(zdu.target ?? "-")")
        case .finalized where version != (zdu.target ?? zdu.base):
            return Problem.conflict("ZDU was finalized to \(zdu.target ?? "-"); \(version) can no longer start on "
                + "\(simNode.name); install the target first")
        default:
            return nil
        }
    }

    /// Id of a running (or draining) process with the given version, if any.
    func firstRunningProcess(version: String?) -> String? {
        guard let version else { return nil }
        for node in nodes {
            if let wp = node.wps.firstIndex(where: { $0.state != .stopped && $0.version == version }) {
                return "\(node.name)/WP\(wp + 1)"
            }
            if let cp = node.cps.firstIndex(where: { $0.state != .stopped && $0.version == version }) {
                return "\(node.name)/CP\(cp + 1)"
            }
        }
        return nil
    }
}
