/// Sums over a set of nodes in given states: everything the invariants count. Adding nodes adds their parts, so
/// a whole-farm tally is the sum of its components' tallies (what lets the fast checker combine them).
struct Tally {
    /// Per-NetArea and per-datacenter counts in one array (one allocation per tally; the fast checker makes one per
    /// explored state): base CPs, base JCPs, target CPs, target JCPs per NetArea, then mid-upgrade nodes per
    /// datacenter. Read them through `base`, `target` and `mid`.
    private var counts: [Int]
    /// Number of NetAreas.
    private let areas: Int
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
    /// Nodes running target processes beside base processes of their own.
    var splitBroken = 0
    /// Nodes the plan has lost: one it never starts once a base part stopped, one it never verifies once its target
    /// processes run (`Completion.lost`, invariant 9).
    var unfinishedNodes = 0

    /// An empty tally for `farm`.
    init(_ farm: Farm) {
        areas = farm.netAreaNames.count
        counts = [Int](repeating: 0, count: 4 * areas + farm.datacenterNames.count)
    }

    /// Running base CPs (`kind` 0) or JCPs (`kind` 1) in NetArea `area`.
    func base(_ kind: Int, _ area: Int) -> Int { counts[kind * areas + area] }

    /// Running target CPs (`kind` 0) or JCPs (`kind` 1) in NetArea `area`.
    func target(_ kind: Int, _ area: Int) -> Int { counts[(2 + kind) * areas + area] }

    /// Nodes of datacenter `dc` mid-upgrade (a base part stopped, target not running).
    func mid(_ dc: Int) -> Int { counts[4 * areas + dc] }

    /// Adds (`sign` 1) or removes (`sign` -1) node `node` in state `bits`.
    mutating func add(_ farm: Farm, node: Int, bits: UInt8, sign: Int = 1) {
        let area = farm.netArea[node]
        let baseCPsRun = bits & NodeBits.baseCPs != 0
        let baseWPsRun = bits & NodeBits.baseWPs != 0
        let target = bits & NodeBits.target != 0
        if baseCPsRun {
            counts[area] += sign * farm.cps[node]
            counts[areas + area] += sign * farm.jcps[node]
            baseCPs += sign * farm.cps[node]
        }
        if baseWPsRun {
            baseWPs += sign * farm.wps[node]
            if farm.wps[node] > 0 { baseWPNodes += sign }
        }
        if baseCPsRun || baseWPsRun { baseNodes += sign }
        if Completion.lost(farm.unfinished[node], bits: bits) { unfinishedNodes += sign }
        if target {
            counts[2 * areas + area] += sign * farm.cps[node]
            counts[3 * areas + area] += sign * farm.jcps[node]
            targetCPs += sign * farm.cps[node]
            targetWPs += sign * farm.wps[node]
            targetNodes += sign
            if baseCPsRun || baseWPsRun { splitBroken += sign }
        } else if !(baseCPsRun && baseWPsRun) {
            counts[4 * areas + farm.datacenter[node]] += sign
        }
    }
}
