/// Sums over a set of nodes in given states: what the counting invariants (1, 2, 4, 7, 8) and the per-node
/// invariants (5, 6) look at.
struct Tally {
    var activeByArea: [Int]
    var downByDC: [Int]
    var active = 0
    var wps = 0
    var base = 0
    /// Nodes with target binaries installed or target processes running.
    var targetNodes = 0
    /// Nodes running base processes.
    var runningBaseNodes = 0
    /// Nodes whose running version differs from the installed one.
    var mismatched = 0

    /// An empty tally for `farm`.
    init(_ farm: Farm) {
        activeByArea = [Int](repeating: 0, count: farm.netAreaNames.count)
        downByDC = [Int](repeating: 0, count: farm.datacenterNames.count)
    }

    /// Adds (`sign` 1) or removes (`sign` -1) node `node` in state `bits`.
    mutating func add(_ farm: Farm, node: Int, bits: UInt8, sign: Int = 1) {
        let running = bits & NodeBits.running != 0
        let runningTarget = bits & NodeBits.runningTarget != 0
        let installed = bits & NodeBits.installedTarget != 0
        if running && bits & NodeBits.standby == 0 {
            activeByArea[farm.netArea[node]] += sign * farm.cps[node]
            active += sign * farm.cps[node]
        }
        if running { wps += sign * farm.wps[node] }
        if running && !runningTarget {
            base += sign * (farm.wps[node] + farm.cps[node])
            runningBaseNodes += sign
        }
        if bits & NodeBits.standby != 0 { downByDC[farm.datacenter[node]] += sign }
        if installed || (running && runningTarget) { targetNodes += sign }
        if running && runningTarget != installed { mismatched += sign }
    }

    /// Active CPs reachable by agent area `entry` (its own NetArea and its fallbacks).
    func reach(_ farm: Farm, _ entry: Int) -> Int {
        farm.agentAreas[entry].reach.reduce(0) { $0 + activeByArea[$1] }
    }
}
