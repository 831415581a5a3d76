import NodeContract

/// One simulated AE server of a split installation (docs/ae-model.md AE-ZDU-9): base processes from the base
/// binaries, target processes from the target binaries staged in their own directory, and the jobs on its WPs.
struct SimNode: Sendable, Equatable {
    /// Node name, e.g. `AE_1A`.
    let name: String
    /// Datacenter name.
    let datacenter: String
    /// Index of the datacenter in `FarmModel.datacenters`.
    let datacenterIndex: Int
    /// NetArea of the node's CPs and JCPs.
    let netArea: String
    /// Index of the NetArea in `FarmModel.netAreaNames`.
    let netAreaIndex: Int
    /// Version of the base binaries.
    var installedVersion: String
    /// Version of the target binaries staged in their own directory.
    var stagedVersion: String?
    /// Processes per set: `processes[ProcessSet.base.rawValue]`, `processes[ProcessSet.target.rawValue]`.
    var processes: [[SimProcess]]
    /// Jobs running on the node's WPs per set, oldest first.
    var jobs: [[JobBatch]] = [[], []]
    /// When draining base WPs give up waiting and stop, nil when not draining.
    var drainDeadline: Double?
    /// Id of the node operation that runs now.
    var busyOperation: String?
    /// Ids of every operation posted to this node, oldest first (`GET /v1/operations` reads only these).
    var operationIDs: [String] = []
    /// The wizard steps this node performs on `POST /v1/wizard/{step}` (the topology's `simulatedWizard`).
    var wizardSteps: [WizardStepName] = []

    /// Whether any process of a set runs or drains.
    func anyUp(_ set: ProcessSet, where include: (ProcessKind) -> Bool = { _ in true }) -> Bool {
        processes[set.rawValue].contains { include($0.kind) && $0.isUp }
    }

    /// Whether every process of a set (of the kinds included) runs.
    func allRunning(_ set: ProcessSet, where include: (ProcessKind) -> Bool = { _ in true }) -> Bool {
        processes[set.rawValue].allSatisfy { !include($0.kind) || $0.state == .running }
    }

    /// Running (not draining) WPs of a set: the WPs that can take new work.
    func runningWPs(_ set: ProcessSet) -> Int {
        processes[set.rawValue].reduce(0) { $0 + ($1.kind == .wp && $1.state == .running ? 1 : 0) }
    }

    /// Jobs running on a set's WPs.
    func jobsInFlight(_ set: ProcessSet) -> Int {
        jobs[set.rawValue].reduce(0) { $0 + $1.count }
    }

    /// The process id the contract shows: `AE_1A/WP1` (base) or `AE_1A/WP1@24.4.4` (target).
    func processID(_ set: ProcessSet, _ index: Int) -> String {
        let process = processes[set.rawValue][index]
        let local = "\(name)/\(process.kind.rawValue)\(process.number)"
        return set == .base ? local : local + "@" + process.version
    }
}

extension ProcessKind {
    /// Kinds `cps/stop` stops: the communication processes (AE-NONSTOP-1: stopping is what AE offers).
    var isCommunication: Bool { self == .cp || self == .jcp }
}
