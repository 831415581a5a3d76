import NodeContract

/// Builds the availability report from the model's counters and state.
extension FarmModel {
    /// The availability report now.
    public func report() -> AvailabilityReport {
        let system = systemState()
        let areas = netAreaNames.indices.map { na in
            let kinds = system.netAreas.filter { $0.name == netAreaNames[na] }.map { area in
                AvailabilityReport.KindReport(
                    via: area.via, agents: area.agents, home: area.home, disconnected: area.disconnected,
                    secondsWithoutServing: stats.secondsWithoutServingByKind[slot(
                        netArea: na, via: area.via == .cp ? 0 : 1)])
            }
            return AvailabilityReport.NetAreaReport(
                name: netAreaNames[na], agents: kinds.reduce(0) { $0 + $1.agents },
                home: kinds.reduce(0) { $0 + $1.home }, disconnected: kinds.reduce(0) { $0 + $1.disconnected },
                secondsWithoutReachableActiveCP: stats.secondsWithoutServing[na], kinds: kinds)
        }
        let nodeReports = nodes.map { node in
            AvailabilityReport.NodeReport(
                name: node.name, datacenter: node.datacenter, installedVersion: node.installedVersion,
                stagedVersion: node.stagedVersion, processes: node.processes[0].count,
                baseRunning: node.processes[0].filter(\.isUp).count,
                targetRunning: node.processes[1].filter { $0.state == .running }.count,
                jobsOnBase: node.jobsInFlight(.base), jobsOnTarget: node.jobsInFlight(.target),
                draining: node.drainDeadline != nil, endpointUp: !endpointDown(node.name))
        }
        let applied = effectsPerKey.values.reduce(0, +)
        return AvailabilityReport(
            system: self.system, simulatedSeconds: now,
            jobs: .init(
                submitted: stats.submitted, completed: stats.completed, delayed: stats.delayed, lost: stats.lost,
                waiting: agents.reduce(0) { $0 + Int($1.waitingJobs) },
                running: nodes.reduce(0) { $0 + $1.jobsInFlight(.base) + $1.jobsInFlight(.target) },
                longestDelaySeconds: stats.longestDelay),
            secondsWithoutPWP: stats.secondsWithoutPWP, secondsAnyNetAreaWithoutCP: stats.secondsAnyNetAreaWithoutCP,
            takeovers: stats.takeovers, netAreas: areas, nodes: nodeReports, zdu: zdu, autoFinalized: autoFinalized,
            pwp: system.pwp?.process,
            effects: .init(applied: applied, duplicates: applied - effectsPerKey.count, perKey: effectsPerKey),
            faults: faults)
    }
}
