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
    mutating func moveAgentsAndSubmitJobs(from start: Double, to end: Double) {
        let reconnect = Double(durations.agentsReconnect)
        let interval = submissionInterval
        let systemCanRun = pwp != nil && nodes.contains { $0.runningWPs(servingSet) > 0 }
        var startedNow = 0
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
            var submitted = 0
            if interval.isFinite {
                submitted = Int(((end + agent.phase) / interval).rounded(.down))
                    - Int(((start + agent.phase) / interval).rounded(.down))
            }
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
        }
        startJobs(startedNow, endsAt: end + options.jobSeconds)
    }
}
