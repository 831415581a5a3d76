import NodeContract

/// Builds the availability report from the model's counters and state.
extension FarmModel {
    /// The availability report now.
    public func report() -> AvailabilityReport {
        let system = systemState()
        let waiting = agents.reduce(0) { $0 + Int($1.waitingJobs) }
        let running = nodes.reduce(0) { $0 + $1.jobsInFlight }
        let areas = system.netAreas.enumerated().map { na, area in
            AvailabilityReport.NetAreaReport(
                name: area.name, agents: area.agents, home: area.home, disconnected: area.disconnected,
                secondsWithoutReachableActiveCP: stats.secondsWithoutReachableCP[na])
        }
        let nodeReports = nodes.map { node in
            let all = node.wps + node.cps
            let up = all.filter { $0.state == .running }.count
            let state = node.drainDeadline != nil
                ? "draining" : up == all.count ? "running" : up == 0 ? "stopped" : "partial"
            return AvailabilityReport.NodeReport(
                name: node.name, datacenter: node.datacenter, installedVersion: node.installedVersion,
                stagedVersion: node.stagedVersion, state: state, processesRunning: up, processes: all.count,
                cpMode: node.cpModeSetting, endpointUp: !endpointDown(node.name))
        }
        let applied = effectsPerKey.values.reduce(0, +)
        return AvailabilityReport(
            system: self.system, simulatedSeconds: now,
            jobs: .init(
                submitted: stats.submitted, completed: stats.completed, delayed: stats.delayed, lost: stats.lost,
                waiting: waiting, running: running, longestDelaySeconds: stats.longestDelay),
            secondsWithoutPWP: stats.secondsWithoutPWP,
            secondsAnyNetAreaWithoutActiveCP: stats.secondsAnyNetAreaWithoutCP,
            takeovers: stats.takeovers, autoActivations: stats.autoActivations,
            netAreas: areas, nodes: nodeReports, zdu: zdu, autoFinalized: autoFinalized, pwp: system.pwp?.process,
            effects: .init(applied: applied, duplicates: applied - effectsPerKey.count, perKey: effectsPerKey),
            faults: faults)
    }
}
