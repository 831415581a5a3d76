/// Agents: connect to an active CP of their own NetArea, else of a declared fallback in order, else wait; reconnect
/// `agentsReconnect` seconds after losing their CP; return home (after the same delay) when their NetArea has an
/// active CP again. Partitioned datacenters' CPs are out of reach.
extension FarmModel {
    /// Recomputes the active CPs per NetArea, and which of them each NetArea's agents can reach, after processes,
    /// CP modes or partitions changed.
    mutating func refreshConnectivity() {
        guard connectivityDirty else { return }
        var lists = Array(repeating: [Int32](), count: netAreaNames.count)
        cpActive = cpRefs.indices.map(isActive)
        for cp in cpRefs.indices where cpActive[cp] { lists[Int(cpNetArea[cp])].append(Int32(cp)) }
        activeCPs = lists
        blocked = datacenters.indices.map { left in datacenters.indices.map { partitioned(left, $0) } }
        reachableCPs = netAreaNames.indices.map { na in
            lists.map { list in list.filter { !blocked[netAreaDatacenter[na]][Int(cpDatacenter[Int($0)])] } }
        }
        connectivityDirty = false
    }

    /// Whether agents of a NetArea can reach an active CP (own or fallback, not across a partition).
    func hasReachableActiveCP(_ na: Int) -> Bool {
        !reachableCPs[na][na].isEmpty || netAreaFallback[na].contains { !reachableCPs[na][$0].isEmpty }
    }

    /// A reachable active CP of `candidate` for agent `agent` of NetArea `na`, spread by agent index.
    func reachableCP(in candidate: Int, for agent: Int, of na: Int) -> Int32? {
        let list = reachableCPs[na][candidate]
        return list.isEmpty ? nil : list[agent % list.count]
    }

    /// Connects an agent to its own NetArea's CP, else a fallback's in order; leaves it waiting when none is reachable.
    mutating func connectAtHomeOrFallback(_ agent: Int) {
        let na = Int(agents[agent].home)
        for candidate in [na] + netAreaFallback[na] {
            if let cp = reachableCP(in: candidate, for: agent, of: na) {
                agents[agent].cp = cp
                agents[agent].retryAt = .infinity
                return
            }
        }
        agents[agent].cp = -1
        agents[agent].retryAt = now
    }

    /// Whether an agent's current CP still serves it.
    func agentCPUsable(_ agent: SimAgent) -> Bool {
        let cp = Int(agent.cp)
        return cpActive[cp] && !blocked[netAreaDatacenter[Int(agent.home)]][Int(cpDatacenter[cp])]
    }

    /// Moves every agent over one step and counts the jobs it submits; starts the jobs that can run.
    mutating func moveAgentsAndSubmitJobs(from start: Double, to end: Double) {
        let reconnect = Double(durations.agentsReconnect)
        let interval = submissionInterval
        let systemCanRun = pwp != nil && nodes.contains { $0.acceptingWPs > 0 }
        let homeReachable = netAreaNames.indices.map { na in reachableCP(in: na, for: 0, of: na) != nil }
        var startedNow = 0
        for index in agents.indices {
            var agent = agents[index]
            if agent.cp >= 0 && !agentCPUsable(agent) {
                agent.cp = -1
                agent.retryAt = end + reconnect
            }
            if agent.cp >= 0 {
                let away = cpNetArea[Int(agent.cp)] != agent.home
                if away && homeReachable[Int(agent.home)] {
                    if agent.retryAt == .infinity {
                        agent.retryAt = end + reconnect
                    } else if agent.retryAt <= end,
                              let cp = reachableCP(in: Int(agent.home), for: index, of: Int(agent.home)) {
                        agent.cp = cp
                        agent.retryAt = .infinity
                    }
                } else {
                    agent.retryAt = .infinity
                }
            }
            agents[index] = agent
            if agent.cp < 0 && agent.retryAt <= end { connectAtHomeOrFallback(index) }
            agent = agents[index]
            var submitted = 0
            if interval.isFinite {
                submitted = Int(((end + agent.phase) / interval).rounded(.down))
                    - Int(((start + agent.phase) / interval).rounded(.down))
            }
            stats.submitted += submitted
            if agent.cp >= 0 && systemCanRun {
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
