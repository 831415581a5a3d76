/// Simulated time: `advance(to:)` walks the farm forward in steps no longer than `options.stepSeconds`, stopping at
/// every operation completion, takeover and drain deadline so effects happen at their exact time.
extension FarmModel {
    /// Moves simulated time forward to `time` (seconds since start); earlier times are ignored.
    public mutating func advance(to time: Double) {
        while now < time {
            var next = min(time, now + max(options.stepSeconds, 0.001))
            if let event = nextEventTime(), event > now, event < next { next = event }
            step(to: next)
        }
    }

    /// Moves simulated time forward by `seconds`.
    public mutating func advance(by seconds: Double) {
        advance(to: now + seconds)
    }

    /// The earliest scheduled event after now, if any.
    func nextEventTime() -> Double? {
        var times: [Double] = runningOperations.compactMap { operations[$0]?.completesAt }
        if let takeoverAt { times.append(takeoverAt) }
        times.append(contentsOf: nodes.compactMap(\.drainDeadline))
        return times.min()
    }

    /// One step from `now` to `end`: account the state held during the step, fire due events, move agents and jobs.
    mutating func step(to end: Double) {
        let start = now
        refreshConnectivity()
        account(seconds: end - start)
        now = end
        fireDueOperations()
        if let at = takeoverAt, at <= now { takeOver() }
        finishDrains()
        refreshConnectivity()
        moveAgentsAndSubmitJobs(from: start, to: end)
        completeJobs()
    }

    /// Adds a step's duration to the outage counters: no PWP; a (NetArea, kind) with agents and no reachable serving
    /// process of its kind (own or declared fallback).
    mutating func account(seconds: Double) {
        guard seconds > 0 else { return }
        if pwp == nil { stats.secondsWithoutPWP += seconds }
        var anyWithout = false
        for na in netAreaNames.indices {
            var areaWithout = false
            for via in 0..<2 where agentsByKind[slot(netArea: na, via: via)] > 0 && !hasServing(netArea: na, via: via) {
                stats.secondsWithoutServingByKind[slot(netArea: na, via: via)] += seconds
                areaWithout = true
            }
            if areaWithout { stats.secondsWithoutServing[na] += seconds }
            anyWithout = anyWithout || areaWithout
        }
        if anyWithout { stats.secondsAnyNetAreaWithoutCP += seconds }
    }

    /// Completes the running operations whose time has come, in completion then creation order.
    mutating func fireDueOperations() {
        let due = runningOperations.compactMap { operations[$0] }
            .filter { $0.operation.state == .running && ($0.completesAt ?? .infinity) <= now }
            .sorted { ($0.completesAt ?? 0, $0.sequence) < ($1.completesAt ?? 0, $1.sequence) }
        for record in due { complete(record) }
    }
}
