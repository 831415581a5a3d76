import NodeContract

/// One simulated AE server: its binaries, processes, CP mode setting and the jobs running on its WPs.
struct SimNode: Sendable, Equatable {
    /// Node name, e.g. `AE_1A`.
    let name: String
    /// Datacenter name.
    let datacenter: String
    /// Index of the datacenter in `FarmModel.datacenters`.
    let datacenterIndex: Int
    /// NetArea of the node's CPs.
    let netArea: String
    /// Index of the NetArea in `FarmModel.netAreas`.
    let netAreaIndex: Int
    /// Version of the installed binaries.
    var installedVersion: String
    /// Version staged and ready to install.
    var stagedVersion: String?
    /// The CP mode the node's CPs start in (persists across stop/start).
    var cpModeSetting: CPMode
    /// Work processes.
    var wps: [SimProcess]
    /// Communication processes.
    var cps: [SimProcess]
    /// Global index of the node's first CP in `FarmModel.cpRefs`.
    let firstCP: Int
    /// Jobs running on the node's WPs, oldest first.
    var inFlight: [JobBatch] = []
    /// When draining WPs give up waiting and stop, nil when not draining.
    var drainDeadline: Double?
    /// Id of the node operation that runs now.
    var busyOperation: String?

    /// Whether any process of the node runs or drains.
    var anyProcessUp: Bool {
        wps.contains { $0.state != .stopped } || cps.contains { $0.state != .stopped }
    }

    /// Whether every process of the node runs.
    var allProcessesRunning: Bool {
        wps.allSatisfy { $0.state == .running } && cps.allSatisfy { $0.state == .running }
    }

    /// WPs that take new jobs (running, not draining).
    var acceptingWPs: Int {
        drainDeadline == nil ? wps.reduce(0) { $0 + ($1.state == .running ? 1 : 0) } : 0
    }

    /// Jobs running on the node.
    var jobsInFlight: Int {
        inFlight.reduce(0) { $0 + $1.count }
    }
}

/// One simulated process (WP or CP).
struct SimProcess: Sendable, Equatable {
    /// Running, draining or stopped.
    var state: ProcessRunState
    /// Version it runs or last ran.
    var version: String
    /// For a CP, its mode.
    var cpMode: CPMode
}

/// Jobs started together on one node, ending together.
struct JobBatch: Sendable, Equatable {
    /// Simulated time the jobs end.
    var endsAt: Double
    /// How many jobs.
    var count: Int
}

/// One simulated agent, kept compact: 50,000 of them fit easily.
struct SimAgent: Sendable, Equatable {
    /// NetArea index the agent belongs to.
    var home: Int32
    /// Global CP index it is connected to, or -1.
    var cp: Int32 = -1
    /// When it (re)connects or returns home; `.infinity` when nothing is scheduled.
    var retryAt: Double = .infinity
    /// Offset of its job submissions within one submission interval, in seconds.
    var phase: Double
    /// Jobs it submitted that wait for a connection or a PWP.
    var waitingJobs: Int32 = 0
    /// Submission time of its oldest waiting job.
    var waitingSince: Double = 0
}
