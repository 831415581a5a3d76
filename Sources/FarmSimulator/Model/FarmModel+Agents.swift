/// Agents: each connects to a serving process of its kind chosen as FarmModel+Serving says, spread by agent number.
/// When its process stops (or stops serving, or a partition cuts it off) it is disconnected and reconnects
/// `agentsReconnect` seconds later (AE-NETAREA-1). While it sits on a last-resort (base) process after the switch
/// and a ranked target process is within its reach, it moves there `agentsReconnect` seconds later, staying
/// connected meanwhile (AE-ZDU-4, KB 259197). Nothing else moves it: no return home (AE-NETAREA-2).
extension FarmModel {
    /// Connects agent `index` to a server of its choice, or leaves it disconnected, retrying every step.
    mutating func connect(_ index: Int) {
        let list = choice[slot(netArea: Int(agents[index].home), via: Int(agents[index].via))]
        if list.isEmpty {
            agents[index].server = -1
            agents[index].retryAt = now
        } else {
            agents[index].server = list[index % list.count]
            agents[index].retryAt = .infinity
        }
    }

    /// Whether an agent's process still serves it (serving now and not cut off by a partition).
    func usable(_ agent: SimAgent) -> Bool {
        let server = Int(agent.server)
        return serving[server] && !blocked[netAreaDatacenter[Int(agent.home)]][Int(servers[server].datacenter)]
    }

    /// Moves every agent over one step and counts the jobs it submits; starts the jobs that can run.
    ///
    /// When the agents were settled at the end of the last step (each on a usable process it keeps, no job waiting,
    /// nothing scheduled, jobs could run) and still nothing changed for them, the step moves nobody: it only counts
    /// the submissions, from `sortedPhases`, with the same result as walking every agent.
    mutating func moveAgentsAndSubmitJobs(from start: Double, to end: Double) {
        let reconnect = Double(durations.agentsReconnect)
        let interval = submissionInterval
        let systemCanRun = pwp != nil && servingWPs.contains { $0 > 0 }
        if agentsSettled && systemCanRun, let submitted = settledSubmissions(from: start, to: end) {
            stats.submitted += submitted
            return startJobs(submitted, endsAt: end + options.jobSeconds)
        }
        var startedNow = 0
        var settled = systemCanRun
        for index in agents.indices {
            var agent = agents[index]
            let place = slot(netArea: Int(agent.home), via: Int(agent.via))
            if agent.server >= 0 && !usable(agent) {
                agent.server = -1
                agent.retryAt = end + reconnect
            } else if agent.server >= 0 && !preferred[Int(agent.server)] && choicePreferred[place] {
                if agent.retryAt == .infinity {
                    agent.retryAt = end + reconnect
                } else if agent.retryAt <= end {
                    let list = choice[place]
                    agent.server = list[index % list.count]
                    agent.retryAt = .infinity
                }
            } else if agent.server >= 0 {
                agent.retryAt = .infinity
            }
            agents[index] = agent
            if agent.server < 0 && agent.retryAt <= end { connect(index) }
            agent = agents[index]
            let submitted = Self.submissions(phase: agent.phase, from: start, to: end, interval: interval)
            stats.submitted += submitted
            if agent.server >= 0 && systemCanRun {
                if agent.waitingJobs > 0 {
                    stats.delayed += Int(agent.waitingJobs)
                    stats.longestDelay = max(stats.longestDelay, end - agent.waitingSince)
                    startedNow += Int(agent.waitingJobs)
                    agent.waitingJobs = 0
                }
                startedNow += submitted
            } else if submitted > 0 {
                if agent.waitingJobs == 0 { agent.waitingSince = end }
                agent.waitingJobs += Int32(submitted)
            }
            agents[index] = agent
            // Connected with nothing scheduled means on a usable process it keeps: `connect` and a move pick from
            // `choice`, which holds only usable processes, preferred ones when there are any.
            settled = settled && agent.server >= 0 && agent.retryAt == .infinity && agent.waitingJobs == 0
        }
        agentsSettled = settled
        startJobs(startedNow, endsAt: end + options.jobSeconds)
    }

    /// Jobs an agent with submission phase `phase` submits in (start, end]: one per multiple of `interval` passed.
    static func submissions(phase: Double, from start: Double, to end: Double, interval: Double) -> Int {
        guard interval.isFinite else { return 0 }
        return Int(((end + phase) / interval).rounded(.down)) - Int(((start + phase) / interval).rounded(.down))
    }

    /// Jobs all agents submit in (start, end], as the sum of `submissions` over every agent, evaluating only the
    /// agents whose phase puts a multiple of the interval within a hair of the window (the others submit none);
    /// nil for a window of half an interval or more.
    func settledSubmissions(from start: Double, to end: Double) -> Int? {
        let interval = submissionInterval
        guard interval.isFinite else { return 0 }
        guard end - start < interval / 2 else { return nil }
        // Far above the rounding error of the sums and quotients of the formula, far below any step.
        let margin = 1e-9 * (abs(start) + abs(end) + interval)
        var total = 0
        // A multiple m × interval lies in (start + phase, end + phase] for phases in [m × interval - end,
        // m × interval - start); phases lie in [0, interval), so m × interval lies in (start, end + interval).
        var multiple = (start / interval).rounded(.down)
        while multiple * interval < end + interval + margin {
            let low = multiple * interval - end - margin
            let high = multiple * interval - start + margin
            var index = firstPhase(atLeast: low)
            while index < sortedPhases.count && sortedPhases[index] <= high {
                total += Self.submissions(phase: sortedPhases[index], from: start, to: end, interval: interval)
                index += 1
            }
            multiple += 1
        }
        return total
    }

    /// Index of the first phase in `sortedPhases` that is at least `value` (binary search).
    func firstPhase(atLeast value: Double) -> Int {
        var low = 0
        var high = sortedPhases.count
        while low < high {
            let middle = (low + high) / 2
            if sortedPhases[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
