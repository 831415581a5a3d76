extension SegmentCheck {
    /// Every invariant the segment can break from `entry` (whose whole-farm tally is `tally`), each with a
    /// cheap witness combination, in invariant order.
    func candidates(entry: FarmState, tally: Tally) -> [Candidate] {
        let farm = plan.farm
        let policy = farm.policy
        var outside = tally
        for component in components {
            for node in component.nodes {
                outside.add(farm, node: node, bits: entry.nodes[node], sign: -1)
            }
        }
        let others = components.indices.filter { $0 != primary }
        let primaryChoices: [Int?] = primary.map { index in components[index].projections.indices.map { $0 } } ?? [nil]
        var found: [Candidate] = []

        /// A counting invariant: `value` of the tally, minimised (or maximised) over combinations.
        func counting(_ invariant: Invariant, relevant: [Int], minimize: Bool, value: (Tally) -> Int,
            broken: (Int) -> Bool, phaseMatters: Bool = false)
        {
            // Extreme projection per other component, with its value and the entry value.
            var extremes: [(component: Int, projection: Int, value: Int, entry: Int)] = []
            var othersTotal = 0
            for index in relevant where index != primary {
                let component = components[index]
                var best = 0
                var bestValue = value(component.tallies[0])
                for (projection, tally) in component.tallies.enumerated().dropFirst() {
                    let candidate = value(tally)
                    if minimize ? candidate < bestValue : candidate > bestValue {
                        best = projection
                        bestValue = candidate
                    }
                }
                othersTotal += bestValue
                extremes.append((index, best, bestValue, value(component.entryTally)))
            }
            for choice in primaryChoices {
                if phaseMatters {
                    let phase = choice.map { components[primary!].state($0).phase } ?? entry.phase
                    if phase == .finalized { continue }
                }
                let own = choice.map { value(components[primary!].tallies[$0]) } ?? 0
                guard broken(value(outside) + own + othersTotal) else { continue }
                var picks: [(component: Int, projection: Int)] = choice.map { [(primary!, $0)] } ?? []
                var current = value(outside) + own + extremes.reduce(0) { $0 + $1.entry }
                let helpful = extremes.filter { $0.value != $0.entry }.sorted {
                    components[$0.component].cost($0.projection) < components[$1.component].cost($1.projection)
                }
                for extreme in helpful where !broken(current) {
                    current += extreme.value - extreme.entry
                    picks.append((extreme.component, extreme.projection))
                }
                found.append(Candidate(invariant: invariant, picks: picks, cost: cost(picks)))
                return
            }
        }

        let all = Array(components.indices)
        // Only agent areas and datacenters whose nodes the segment touches can change.
        var areas = Set<Int>()
        var datacenters = Set<Int>()
        for component in components {
            for node in component.nodes {
                areas.formUnion(farm.reachedBy[farm.netArea[node]])
                datacenters.insert(farm.datacenter[node])
            }
        }
        for entryIndex in areas.sorted() {
            let relevant = all.filter { index in
                components[index].nodes.contains { farm.reachedBy[farm.netArea[$0]].contains(entryIndex) }
            }
            counting(.netAreaReachable, relevant: relevant, minimize: true, value: { $0.reach(farm, entryIndex) },
                broken: { $0 <= 0 })
        }
        counting(.minActiveCPs, relevant: all, minimize: true, value: \.active, broken: { $0 < policy.minActiveCPs })
        for index in all where components[index].hasPWP {
            let component = components[index]
            if let projection = component.projections.indices.first(where: {
                component.pwpBroken($0, farm: farm, entry: entry)
            }) {
                found.append(Candidate(invariant: .primaryWorkProcess, picks: [(index, projection)],
                    cost: component.cost(projection)))
            }
        }
        counting(.minRunningWPs, relevant: all, minimize: true, value: \.wps, broken: { $0 < policy.minRunningWPs })
        var mismatch: Candidate?
        for index in all {
            if let projection = components[index].tallies.indices.first(where: {
                components[index].tallies[$0].mismatched > 0
            }) {
                let candidate = Candidate(invariant: .binariesWhileStopped, picks: [(index, projection)],
                    cost: components[index].cost(projection))
                if mismatch == nil || candidate.cost < mismatch!.cost { mismatch = candidate }
            }
        }
        if let mismatch { found.append(mismatch) }
        if let mixed = mixedVersions(entry: entry, outside: outside, others: others) { found.append(mixed) }
        counting(.baseProcessRuns, relevant: all, minimize: true, value: \.base, broken: { $0 == 0 },
            phaseMatters: true)
        for dc in datacenters.sorted() {
            let relevant = all.filter { components[$0].nodes.contains { farm.datacenter[$0] == dc } }
            counting(.maxNodesDownPerDC, relevant: relevant, minimize: false, value: { $0.downByDC[dc] },
                broken: { $0 > policy.maxNodesDownPerDC })
        }
        return found
    }

    /// Invariant 6: target versions while ZDU is off, or base processes after finalize.
    private func mixedVersions(entry: FarmState, outside: Tally, others: [Int]) -> Candidate? {
        // Per other component: the cheapest projection with a target node, and with a running base node.
        func cheapest(_ test: (Tally) -> Bool) -> (component: Int, projection: Int)? {
            var best: (component: Int, projection: Int)?
            for index in others {
                if let projection = components[index].tallies.indices.first(where: { test(components[index].tallies[$0]) }),
                    best == nil || components[index].cost(projection) < components[best!.component].cost(best!.projection)
                {
                    best = (index, projection)
                }
            }
            return best
        }
        let target = cheapest { $0.targetNodes > 0 }
        let runningBase = cheapest { $0.runningBaseNodes > 0 }
        let choices: [Int?] = primary.map { index in components[index].projections.indices.map { $0 } } ?? [nil]
        for choice in choices {
            let phase = choice.map { components[primary!].state($0).phase } ?? entry.phase
            let own = choice.map { components[primary!].tallies[$0] }
            var picks: [(component: Int, projection: Int)] = choice.map { [(primary!, $0)] } ?? []
            if phase == .off {
                if (own?.targetNodes ?? 0) > 0 || outside.targetNodes > 0 {
                } else if let target { picks.append(target) } else { continue }
            } else if phase == .finalized {
                if (own?.runningBaseNodes ?? 0) > 0 || outside.runningBaseNodes > 0 {
                } else if let runningBase { picks.append(runningBase) } else { continue }
            } else {
                continue
            }
            return Candidate(invariant: .mixedVersionsInZDU, picks: picks, cost: cost(picks))
        }
        return nil
    }

    /// Steps completed to reach every pick.
    func cost(_ picks: [(component: Int, projection: Int)]) -> Int {
        picks.reduce(0) { $0 + components[$1.component].cost($1.projection) }
    }
}
