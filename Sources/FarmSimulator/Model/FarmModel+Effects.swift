import NodeContract

/// Effects of node operations, applied once per operation (counted per Idempotency-Key), when they complete.
extension FarmModel {
    /// Completes a running operation: re-checks its precondition, applies its effect or fails it with a reason.
    mutating func complete(_ record: OperationRecord) {
        let node = record.node
        if case .wpsStop = record.command { return }
        if let problem = precondition(record.command, node: node), !alreadyHolds(record.command, node: node) {
            return finish(record.operation.id, failure: problem.detail ?? problem.title)
        }
        countEffect(record.operation.idempotencyKey)
        switch record.command {
        case .binariesStage(let version):
            nodes[node].stagedVersion = version
        case .cpsStop:
            // AE-NONSTOP-1: no standby, the node's base CPs and JCPs stop; their agents reconnect elsewhere.
            stopProcesses(node, .base, where: \.isCommunication)
            afterProcessesChanged()
        case .wpsStop:
            break
        case .targetStart(let version):
            startAll(node, .target, version: version)
        case .targetStop:
            loseJobs(of: node, .target)
            stopProcesses(node, .target) { _ in true }
            afterProcessesChanged()
        case .processesStart:
            startAll(node, .base, version: nodes[node].installedVersion)
        case .wizard:
            break  // performed when submitted (submitWizard)
        }
        finish(record.operation.id, failure: nil)
    }

    /// Marks an operation done and frees its node.
    mutating func finish(_ id: String, failure: String?) {
        guard var record = operations[id], record.operation.state == .running else { return }
        record.operation.state = failure == nil ? .succeeded : .failed
        record.operation.reason = failure
        operations[id] = record
        runningOperations.removeAll { $0 == id }
        if nodes[record.node].busyOperation == id { nodes[record.node].busyOperation = nil }
    }

    /// Counts one applied effect for an Idempotency-Key (more than one would be a duplicate).
    mutating func countEffect(_ key: String) {
        effectsPerKey[key, default: 0] += 1
    }

    /// Starts the stopped processes of a node's set in AE's start order: WPs, then JWPs and REST, then CPs and JCPs
    /// (AE-ORDER-1); the first WP started while nobody holds the PWP becomes PWP (AE-PWP-1).
    mutating func startAll(_ node: Int, _ set: ProcessSet, version: String) {
        let order: [ProcessKind] = [.wp, .jwp, .rest, .cp, .jcp]
        for kind in order {
            for index in nodes[node].processes[set.rawValue].indices {
                let process = nodes[node].processes[set.rawValue][index]
                if process.kind == kind && process.state == .stopped {
                    start(ProcessRef(node: node, set: set, index: index), version: version)
                }
            }
        }
        afterProcessesChanged()
    }

    /// Starts a `wps/stop` of the node's base WPs, JWPs and REST. With `drain` (aeupgrade's assumption: the
    /// ServiceManager has no drain mode, docs/ae-model.md AE-SM-1) the base WPs take no new work and stop when their
    /// jobs end or at the drain timeout; without it they stop now and their jobs are lost. Stopping the PWP's WP is
    /// allowed: AE takes over after a gap (AE-PWP-1).
    mutating func startWorkerStop(_ id: String, node: Int, drain: Bool) {
        countEffect(operations[id]!.operation.idempotencyKey)
        let base = ProcessSet.base.rawValue
        if drain && nodes[node].jobsInFlight(.base) > 0 {
            for index in nodes[node].processes[base].indices {
                let process = nodes[node].processes[base][index]
                guard process.kind == .wp && process.state == .running else { continue }
                nodes[node].processes[base][index].state = .draining
            }
            nodes[node].drainDeadline = now + options.drainTimeoutSeconds
            connectivityDirty = true
        } else {
            stopWorkers(node)
        }
    }

    /// Stops a node's base WPs, JWPs and REST in AE's stop order (WPs except the PWP, the rest, then the PWP's WP,
    /// AE-ORDER-1; all at one simulated instant); jobs still on its base WPs are lost.
    mutating func stopWorkers(_ node: Int) {
        loseJobs(of: node, .base)
        stopProcesses(node, .base) { !$0.isCommunication }
        nodes[node].drainDeadline = nil
        afterProcessesChanged()
    }

    /// Draining nodes whose base jobs are done (or whose drain timed out) stop their base workers.
    mutating func finishDrains() {
        for index in nodes.indices {
            guard let deadline = nodes[index].drainDeadline else { continue }
            if nodes[index].jobsInFlight(.base) == 0 || now >= deadline { stopWorkers(index) }
        }
    }

    /// A `wps/stop` waiting for its drain succeeds once the node's base WPs, JWPs and REST are all stopped (by the
    /// drain, a crash or finalize).
    mutating func settleWaitingOperations() {
        for id in runningOperations {
            guard let record = operations[id], case .wpsStop = record.command,
                  alreadyHolds(record.command, node: record.node) else { continue }
            nodes[record.node].drainDeadline = nil
            finish(id, failure: nil)
        }
    }
}
