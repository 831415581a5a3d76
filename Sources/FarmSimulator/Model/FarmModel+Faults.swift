import NodeContract

/// Fault injection: the model keeps the fault list (partitions act on agents, crashes on processes); endpoint faults
/// (down, slow, 5xx) are read by the server shell through `endpointDown`, `delayMilliseconds` and `drawFailure`.
extension FarmModel {
    /// Adds a fault (or performs a crash) and returns what the shell must do; 422 when the fault is malformed.
    public mutating func inject(_ fault: Fault) -> Result<[FarmAction], Problem> {
        if let problem = validate(fault) { return .failure(problem) }
        switch fault.kind {
        case .crash:
            crash(fault)
            return .success([])
        case .partition:
            faults.append(fault)
            connectivityDirty = true
            return .success([])
        case .nodeDown:
            let wasDown = endpointDown(fault.node!)
            faults.append(fault)
            return .success(wasDown ? [] : [.closeListener(node: fault.node!)])
        case .slow, .errors:
            faults.append(fault)
            return .success([])
        }
    }

    /// Removes every fault (crashed processes stay stopped) and returns the listeners to reopen.
    public mutating func clearFaults() -> [FarmAction] {
        let down = Set(faults.filter { $0.kind == .nodeDown }.compactMap(\.node))
        faults = []
        connectivityDirty = true
        return down.sorted().map { .openListener(node: $0) }
    }

    /// The faults in force.
    public var activeFaults: [Fault] { faults }

    /// Whether a node's endpoint is down.
    public func endpointDown(_ node: String) -> Bool {
        faults.contains { $0.kind == .nodeDown && $0.node == node }
    }

    /// Milliseconds a node's endpoint waits before answering.
    public func delayMilliseconds(_ node: String) -> Int {
        faults.filter { $0.kind == .slow && $0.node == node }.compactMap(\.delayMs).max() ?? 0
    }

    /// Whether this request to a node is answered with an injected 503 (seeded draw).
    public mutating func drawFailure(_ node: String) -> Bool {
        let rate = faults.filter { $0.kind == .errors && $0.node == node }.compactMap(\.rate).max() ?? 0
        guard rate > 0 else { return false }
        return rng.nextUnit() < rate
    }

    /// Whether injected 503s on a node come after the request was processed (`afterEffect`).
    public func failsAfterEffect(_ node: String) -> Bool {
        faults.contains { $0.kind == .errors && $0.node == node && $0.afterEffect == true }
    }

    /// 422 for a fault that names nothing known or lacks its parameter.
    func validate(_ fault: Fault) -> Problem? {
        switch fault.kind {
        case .partition:
            guard let pair = fault.datacenters, pair.count == 2, pair[0] != pair[1],
                  pair.allSatisfy(datacenters.contains) else {
                return Problem.unprocessable("partition needs \"datacenters\": two different known datacenters "
                    + "(\(datacenters.joined(separator: ", ")))")
            }
            return nil
        case .crash where fault.process != nil:
            return processLocation(fault.process!) == nil
                ? Problem.unprocessable(
                    "unknown process \"\(fault.process!)\" (ids look like AE_1A/WP1 or AE_1A/WP1@24.4.4)") : nil
        default:
            guard let node = fault.node, nodeIndex[node] != nil else {
                return Problem.unprocessable("\(fault.kind.rawValue) needs \"node\": a known node name")
            }
            if fault.kind == .slow && (fault.delayMs ?? -1) < 0 {
                return Problem.unprocessable("slow needs \"delayMs\" >= 0")
            }
            if fault.kind == .errors && !(0...1).contains(fault.rate ?? -1) {
                return Problem.unprocessable("errors needs \"rate\" between 0 and 1")
            }
            return nil
        }
    }

    /// The process an id names: `AE_1A/WP1` (base) or `AE_1A/WP1@24.4.4` (target).
    func processLocation(_ id: String) -> ProcessRef? {
        guard let slash = id.lastIndex(of: "/"), let node = nodeIndex[String(id[..<slash])] else { return nil }
        for set in ProcessSet.allCases {
            for index in nodes[node].processes[set.rawValue].indices
            where nodes[node].processID(set, index) == id && (set == .base || process(
                ProcessRef(node: node, set: set, index: index)).everStarted) {
                return ProcessRef(node: node, set: set, index: index)
            }
        }
        return nil
    }

    /// A process (or every process of a node) dies now: its jobs are lost, the usual consequences follow (a PWP
    /// gap, AE-PWP-1; ZDU finalizing by itself, AE-ZDU-6). Nothing restarts it.
    mutating func crash(_ fault: Fault) {
        guard let id = fault.process, let place = processLocation(id) else {
            let node = nodeIndex[fault.node!]!
            for set in ProcessSet.allCases {
                loseJobs(of: node, set)
                stopProcesses(node, set) { _ in true }
            }
            nodes[node].drainDeadline = nil
            return afterProcessesChanged()
        }
        let crashed = process(place)
        guard crashed.isUp else { return }
        if crashed.kind == .wp {
            let upWPs = nodes[place.node].processes[place.set.rawValue].filter { $0.kind == .wp && $0.isUp }.count
            loseShare(of: place.node, place.set, upWPs: upWPs)
        }
        stop(place)
        let draining = nodes[place.node].drainDeadline != nil
        if draining && !nodes[place.node].processes[0].contains(where: { $0.kind == .wp && $0.isUp }) {
            return stopWorkers(place.node)  // the drain has nothing left to wait for
        }
        afterProcessesChanged()
    }
}
