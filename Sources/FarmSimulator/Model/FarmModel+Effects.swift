import NodeContract

/// Effects of operations, applied once per operation (counted per Idempotency-Key), and what follows from them:
/// PWP takeover when its WP stops, automatic CP activation when no active CP is left, ZDU auto-finalize when every
/// base process has stopped.
extension FarmModel {
    /// Completes a running operation: re-checks its precondition, applies its effect or fails it with a reason.
    mutating func complete(_ record: OperationRecord) {
        let node = record.node
        if case .wpsStop = record.command {
            return finish(record.operation.id, failure: nil)
        }
        if let problem = precondition(record.command, node: node), !alreadyHolds(record.command, node: node) {
            return finish(record.operation.id, failure: problem.detail ?? problem.title)
        }
        countEffect(record.operation.idempotencyKey)
        switch record.command {
        case .cpsStandby: setCPMode(.standby, node: node)
        case .cpsActivate: setCPMode(.active, node: node)
        case .wpsStop: break
        case .pwpHandover(let to):
            let target = nodeIndex[to]!
            pwp = PWPRef(node: target, wp: nodes[target].wps.firstIndex { $0.state == .running } ?? 0)
        case .binariesStage(let version): nodes[node].stagedVersion = version
        case .binariesInstall(let version): nodes[node].installedVersion = version
        case .processesStart: startProcesses(node)
        case .zduPrepare(let version):
            zdu.phase = .compatibility
            zdu.target = version
        case .zduFinalize: finalize()
        case .zduRollback:
            zdu.phase = .off
            zdu.target = nil
        }
        finish(record.operation.id, failure: nil)
    }

    /// Marks an operation done and frees its node (or the system).
    mutating func finish(_ id: String, failure: String?) {
        guard var record = operations[id], record.operation.state == .running else { return }
        record.operation.state = failure == nil ? .succeeded : .failed
        record.operation.reason = failure
        operations[id] = record
        runningOperations.removeAll { $0 == id }
        if systemOperation == id { systemOperation = nil }
        if nodes[record.node].busyOperation == id { nodes[record.node].busyOperation = nil }
    }

    /// Counts one applied effect for an Idempotency-Key (more than one would be a duplicate).
    mutating func countEffect(_ key: String) {
        effectsPerKey[key, default: 0] += 1
    }

    /// Starts a `wps/stop`: drain (no new jobs, stop when done or at the drain timeout) or stop now, losing jobs.
    mutating func startStop(_ id: String, node: Int, drain: Bool) {
        countEffect(operations[id]!.operation.idempotencyKey)
        if drain && nodes[node].wps.contains(where: { $0.state == .running }) {
            for wp in nodes[node].wps.indices where nodes[node].wps[wp].state == .running {
                nodes[node].wps[wp].state = .draining
            }
            nodes[node].drainDeadline = now + options.drainTimeoutSeconds
        } else {
            stopAllProcesses(node, loseJobs: true)
        }
    }

    /// Stops every process of a node (WPs, then CPs); running jobs are lost; a running `wps/stop` succeeds.
    mutating func stopAllProcesses(_ node: Int, loseJobs lose: Bool) {
        if lose { loseJobs(of: node) } else { handOverJobs(of: node) }
        for wp in nodes[node].wps.indices { nodes[node].wps[wp].state = .stopped }
        for cp in nodes[node].cps.indices { nodes[node].cps[cp].state = .stopped }
        nodes[node].drainDeadline = nil
        if let busy = nodes[node].busyOperation, case .wpsStop = operations[busy]?.command {
            finish(busy, failure: nil)
        }
        afterProcessesChanged()
    }

    /// Starts the node's stopped WPs then CPs with the installed version, CPs in the node's CP mode.
    mutating func startProcesses(_ node: Int) {
        let version = nodes[node].installedVersion
        for wp in nodes[node].wps.indices where nodes[node].wps[wp].state == .stopped {
            nodes[node].wps[wp].state = .running
            nodes[node].wps[wp].version = version
            if pwp == nil && takeoverAt == nil { pwp = PWPRef(node: node, wp: wp) }
        }
        for cp in nodes[node].cps.indices where nodes[node].cps[cp].state == .stopped {
            nodes[node].cps[cp] = SimProcess(state: .running, version: version, cpMode: nodes[node].cpModeSetting)
        }
        afterProcessesChanged()
    }

    /// Sets a node's CP mode setting and its running CPs' mode.
    mutating func setCPMode(_ mode: CPMode, node: Int) {
        nodes[node].cpModeSetting = mode
        for cp in nodes[node].cps.indices { nodes[node].cps[cp].cpMode = mode }
        afterProcessesChanged()
    }

    /// ZDU finalize: base processes stop (their jobs move to target WPs), compatibility ends for good.
    mutating func finalize() {
        for node in nodes.indices {
            let baseWPs = nodes[node].wps.indices.filter {
                nodes[node].wps[$0].state != .stopped && nodes[node].wps[$0].version == zdu.base
            }
            if !baseWPs.isEmpty && baseWPs.count == nodes[node].wps.filter({ $0.state != .stopped }).count {
                handOverJobs(of: node)
            }
            for wp in baseWPs { nodes[node].wps[wp].state = .stopped }
            for cp in nodes[node].cps.indices where nodes[node].cps[cp].version == zdu.base {
                nodes[node].cps[cp].state = .stopped
            }
            if !nodes[node].wps.contains(where: { $0.state == .draining }) { nodes[node].drainDeadline = nil }
        }
        zdu.phase = .finalized
        afterProcessesChanged()
    }

    /// Consequences of processes stopping or CP modes changing.
    mutating func afterProcessesChanged() {
        connectivityDirty = true
        if let current = pwp, nodes[current.node].wps[current.wp].state == .stopped {
            pwp = nil
            takeoverAt = now + options.takeoverGapSeconds
        }
        if !cpRefs.indices.contains(where: isActive) {
            var activated = false
            for node in nodes.indices where nodes[node].cps.contains(where: { $0.state == .running }) {
                nodes[node].cpModeSetting = .active
                for cp in nodes[node].cps.indices where nodes[node].cps[cp].state == .running {
                    nodes[node].cps[cp].cpMode = .active
                    activated = true
                }
            }
            if activated { stats.autoActivations += 1 }
        }
        if zdu.phase == .compatibility && firstRunningProcess(version: zdu.base) == nil {
            zdu.phase = .finalized
            autoFinalized = true
            if let id = systemOperation, case .zduRollback = operations[id]?.command {
                finish(id, failure: "every base process stopped: ZDU finalized by itself, there is no way back")
            }
        }
    }
}
