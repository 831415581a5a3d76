/// The counted rules of a farm (`InvariantRules.rules`) indexed by what they depend on, so a check can visit only
/// the rules that the nodes it touches can change.
struct RuleIndex {
    /// Every rule, in `InvariantRules.rules` order.
    let all: [InvariantRules.Rule]
    /// Per NetArea, the rules whose `areas` name it.
    private let byArea: [[Int]]
    /// Per datacenter, the rules on it.
    private let byDC: [[Int]]
    /// The rules on the whole farm.
    private let global: [Int]

    init(_ rules: [InvariantRules.Rule], farm: Farm) {
        all = rules
        var byArea = [[Int]](repeating: [], count: farm.netAreaNames.count)
        var byDC = [[Int]](repeating: [], count: farm.datacenterNames.count)
        var global: [Int] = []
        for (index, rule) in rules.enumerated() {
            if let areas = rule.areas {
                for area in Set(areas) { byArea[area].append(index) }
            } else if let dc = rule.datacenter {
                byDC[dc].append(index)
            } else {
                global.append(index)
            }
        }
        self.byArea = byArea
        self.byDC = byDC
        self.global = global
    }

    /// Indices of the rules whose value can change when nodes of `areas` and `datacenters` change state, or, with
    /// `phaseChanges`, every rule (a rule's value may depend on the ZDU phase); ascending.
    func changed(byAreas areas: Set<Int>, datacenters: Set<Int>, phaseChanges: Bool) -> [Int] {
        if phaseChanges { return Array(all.indices) }
        var result = global
        for area in areas { result += byArea[area] }
        for dc in datacenters { result += byDC[dc] }
        result.sort()
        var unique: [Int] = []
        unique.reserveCapacity(result.count)
        for index in result where unique.last != index { unique.append(index) }
        return unique
    }
}
