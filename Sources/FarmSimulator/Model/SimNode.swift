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
