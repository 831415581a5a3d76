extension SegmentCheck {
    /// Every invariant the segment can break from `entry` (whose whole-farm tally is `tally`) and that `entry`
    /// itself keeps, each with a cheap witness combination, in invariant order. The rules are `InvariantRules`, the same the exhaustive
    /// checker evaluates; each is linear in the tally for a fixed ZDU phase, so the extremes of independent
    /// components add up.
    func candidates(entry: FarmState, tally: Tally, rules: RuleIndex) -> [Candidate] {
        let farm = plan.farm
        var outside = tally
        for component in components {
            for node in component.nodes {
                outside.add(farm, node: node, bits: entry.nodes[node], sign: -1)
            }
        }
        let primaryChoices: [Int?] = primary.map { index in components[index].projections.indices.map { $0 } } ?? [nil]
        var found: [Candidate] = []

        /// One rule: for each ZDU phase the segment can be in, the worst combination of the components' states.
        func counting(_ rule: InvariantRules.Rule, relevant: [Int]) {
            for choice in primaryChoices {
                let phase = choice.map { components[primary!].state($0).phase } ?? entry.phase
                let own = choice.map { rule.value(components[primary!].tallies[$0], phase) } ?? 0
                var extremes: [(component: Int, projection: Int, value: Int, entry: Int)] = []
                var othersTotal = 0
                for index in relevant where index != primary {
                    let component = components[index]
                    var best = 0
                    var bestValue = rule.value(component.tallies[0], phase)
                    for (projection, tally) in component.tallies.enumerated().dropFirst() {
                        let candidate = rule.value(tally, phase)
                        if rule.minimize ? candidate < bestValue : candidate > bestValue {
                            best = projection
                            bestValue = candidate
                        }
                    }
                    othersTotal += bestValue
                    extremes.append((index, best, bestValue, rule.value(component.entryTally, phase)))
                }
                let outsideValue = rule.value(outside, phase)
                guard rule.broken(outsideValue + own + othersTotal, phase) else { continue }
                var picks: [(component: Int, projection: Int)] = choice.map { [(primary!, $0)] } ?? []
                var current = outsideValue + own + extremes.reduce(0) { $0 + $1.entry }
                let helpful = extremes.filter { $0.value != $0.entry }.sorted {
                    components[$0.component].cost($0.projection) < components[$1.component].cost($1.projection)
                }
                for extreme in helpful where !rule.broken(current, phase) {
                    current += extreme.value - extreme.entry
                    picks.append((extreme.component, extreme.projection))
                }
                found.append(Candidate(invariant: rule.invariant, picks: picks, cost: cost(picks)))
                return
            }
        }

        let all = Array(components.indices)
        var touchedAreas = Set<Int>()
        var touchedDCs = Set<Int>()
        for component in components {
            for node in component.nodes {
                touchedAreas.insert(farm.netArea[node])
                touchedDCs.insert(farm.datacenter[node])
            }
        }
        // A rule the segment cannot change keeps the value it had at the entry state, which the segment before
        // (or the check of the initial state) already proved: only the rules the segment can change are counted.
        // Without a phase change, that is the rules on a NetArea or datacenter a component touches, and the rules
        // on the whole farm; this keeps the check linear in the plan, whatever the number of NetAreas.
        for ruleIndex in rules.changed(byAreas: touchedAreas, datacenters: touchedDCs, phaseChanges: primary != nil) {
            let rule = rules.all[ruleIndex]
            if let areas = rule.areas {
                let relevant = all.filter { index in
                    index == primary || components[index].nodes.contains { areas.contains(farm.netArea[$0]) }
                }
                counting(rule, relevant: relevant)
            } else if let dc = rule.datacenter {
                counting(rule, relevant: all.filter { components[$0].nodes.contains { farm.datacenter[$0] == dc } })
            } else {
                counting(rule, relevant: all)
            }
        }
        for index in all where components[index].hasPWP || index == primary {
            let component = components[index]
            if let projection = component.projections.indices.first(where: {
                component.pwpBroken($0, farm: farm, entry: entry)
            }) {
                found.append(Candidate(invariant: .primaryWorkProcess, picks: [(index, projection)],
                    cost: component.cost(projection)))
            }
        }
        return found.sorted { $0.invariant < $1.invariant }
    }

    /// Steps completed to reach every pick.
    func cost(_ picks: [(component: Int, projection: Int)]) -> Int {
        picks.reduce(0) { $0 + components[$1.component].cost($1.projection) }
    }
}
