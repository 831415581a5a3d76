import NodeContract

/// Starting and stopping processes, and the primary work process: the first WP started becomes PWP; when the PWP's
/// WP stops, nobody holds the role for the takeover gap, then another running WP of the serving version takes over
/// (docs/ae-model.md AE-PWP-1, AE-ORDER-1).
extension FarmModel {
    /// The set whose WPs take new work and may hold the PWP: base before the switch, target from it on
    /// (AE-ZDU-4; new work on target WPs only, ASSUMED-2).
    var servingSet: ProcessSet {
        zdu.phase == .switched || zdu.phase == .finalized ? .target : .base
    }

    /// Starts a process with a version. A WP of the serving set started while nobody holds the PWP and no takeover
    /// is pending becomes PWP (AE-PWP-1: the first WP started).
    mutating func start(_ ref: ProcessRef, version: String) {
        var started = process(ref)
        started.state = .running
        started.version = version
        started.startOrder = nextStartOrder
        started.everStarted = true
        nextStartOrder += 1
        nodes[ref.node].processes[ref.set.rawValue][ref.index] = started
        if started.kind == .wp && pwp == nil && takeoverAt == nil && ref.set == servingSet { pwp = ref }
        connectivityDirty = true
    }

    /// Stops a process; the caller settles its jobs and then calls `afterProcessesChanged()`.
    mutating func stop(_ ref: ProcessRef) {
        nodes[ref.node].processes[ref.set.rawValue][ref.index].state = .stopped
        connectivityDirty = true
    }

    /// Stops the processes of a node's set that `include` selects (no job handling).
    mutating func stopProcesses(_ node: Int, _ set: ProcessSet, where include: (ProcessKind) -> Bool) {
        for index in nodes[node].processes[set.rawValue].indices {
            let process = nodes[node].processes[set.rawValue][index]
            if include(process.kind) && process.isUp { stop(ProcessRef(node: node, set: set, index: index)) }
        }
    }

    /// Consequences of processes stopping: a PWP gap (AE-PWP-1), ZDU finalizing by itself (AE-ZDU-6), and node
    /// operations whose postcondition now holds.
    mutating func afterProcessesChanged() {
        connectivityDirty = true
        if let current = pwp, process(current).state == .stopped {
            pwp = nil
            takeoverAt = now + options.takeoverGapSeconds
        }
        finalizeIfBaseGone()
        settleWaitingOperations()
    }

    /// AE-PWP-1: after the gap, the earliest-started running WP of the serving set takes the PWP role; if none
    /// runs, the next WP of that set to start becomes PWP.
    mutating func takeOver() {
        takeoverAt = nil
        guard pwp == nil, let next = earliestRunningWP(servingSet) else { return }
        pwp = next
        stats.takeovers += 1
    }

    /// The running (not draining) WP of a set that started first, if any.
    func earliestRunningWP(_ set: ProcessSet) -> ProcessRef? {
        var best: ProcessRef?
        var bestOrder = Int.max
        for node in nodes.indices {
            for (index, process) in nodes[node].processes[set.rawValue].enumerated()
            where process.kind == .wp && process.state == .running && process.startOrder < bestOrder {
                best = ProcessRef(node: node, set: set, index: index)
                bestOrder = process.startOrder
            }
        }
        return best
    }

    /// Moves the PWP without a gap to the earliest-started running WP of a set (the wizard's switch and rollback,
    /// AE-ZDU-4, ASSUMED-3); leaves it alone when it is already there.
    mutating func movePWP(to set: ProcessSet) {
        if let current = pwp, current.set == set, process(current).state == .running { return }
        guard let next = earliestRunningWP(set) else { return }
        pwp = next
        takeoverAt = nil
    }
}
