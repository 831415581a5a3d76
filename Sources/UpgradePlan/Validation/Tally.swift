/// Sums over a set of nodes in given states: everything the invariants count. Adding nodes adds their parts, so
/// a whole-farm tally is the sum of its components' tallies (what lets the fast checker combine them).
struct Tally {
    /// CPs (`[0]`) and JCPs (`[1]`) of running base processes per NetArea.
    var baseServers: [[Int]]
    /// CPs and JCPs of running target processes per NetArea.
    var targetServers: [[Int]]
    var baseCPs = 0
    var targetCPs = 0
    var baseWPs = 0
    var targetWPs = 0
    /// Nodes with running base WPs and at least one WP (a place for the PWP on rollback).
    var baseWPNodes = 0
    /// Nodes with any running base process.
    var baseNodes = 0
    /// Nodes with running target processes.
    var targetNodes = 0
    /// Nodes mid-upgrade (a base part stopped, target not running) per datacenter.
    var midByDC: [Int]
    /// Nodes running target processes beside base processes of their own.
    var splitBroken = 0

    /// An empty tally for `farm`.
    init(_ farm: Farm) {
        let areas = farm.netAreaNames.count
        baseServers = [[Int](repeating: 0, count: areas), [Int](repeating: 0, count: areas)]
        targetServers = baseServers
        midByDC = [Int](repeating: 0, count: farm.datacenterNames.count)
    }

    /// Adds (`sign` 1) or removes (`sign` -1) node `node` in state `bits`.
    mutating func add(_ farm: Farm, node: Int, bits: UInt8, sign: Int = 1) {
        let area = farm.netArea[node]
        let baseCPsRun = bits & NodeBits.baseCPs != 0
        let baseWPsRun = bits & NodeBits.baseWPs != 0
        let target = bits & NodeBits.target != 0
        if baseCPsRun {
            baseServers[0][area] += sign * farm.cps[node]
            baseServers[1][area] += sign * farm.jcps[node]
            baseCPs += sign * farm.cps[node]
        }
        if baseWPsRun {
            baseWPs += sign * farm.wps[node]
            if farm.wps[node] > 0 { baseWPNodes += sign }
        }
        if baseCPsRun || baseWPsRun { baseNodes += sign }
        if target {
            targetServers[0][area] += sign * farm.cps[node]
            targetServers[1][area] += sign * farm.jcps[node]
            targetCPs += sign * farm.cps[node]
            targetWPs += sign * farm.wps[node]
            targetNodes += sign
            if baseCPsRun || baseWPsRun { splitBroken += sign }
        } else if !(baseCPsRun && baseWPsRun) {
            midByDC[farm.datacenter[node]] += sign
        }
    }
}
