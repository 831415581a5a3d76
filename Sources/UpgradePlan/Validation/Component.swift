/// A group of a segment's steps that is independent of the rest of the segment: no dependency edge and no node,
/// PWP or ZDU phase in common with another group. Any combination of the groups' states is reachable, so the
/// fast checker explores each group alone and combines their extremes.
final class Component {
    /// Global step indices, in topological order.
    let steps: [Int]
    /// Global indices of the nodes the steps act on (the explored states' slots).
    let nodes: [Int]
    /// Whether the group moves or affects the PWP.
    let hasPWP: Bool
    /// Whether the group changes the ZDU phase (a wizard step).
    let hasPhase: Bool
    let explorer: IdealExplorer
    let explored: [IdealExplorer.Explored]
    /// Indices into `explored` of the distinct states, each first met (so with a shortest path).
    let projections: [Int]
    /// Indices into `explored` of the distinct states with every step done.
    let exits: [Int]
    /// Tally of the nodes in the entry state.
    let entryTally: Tally
    /// Tally of the nodes per projection (same order as `projections`).
    let tallies: [Tally]

    /// Explores the group from `entry` (the whole farm's state); nil when it has more than `limit` states.
    init?(_ plan: CompiledPlan, steps: [Int], nodes: [Int], hasPWP: Bool, hasPhase: Bool, entry: FarmState,
        limit: Int)
    {
        self.steps = steps
        self.nodes = nodes
        self.hasPWP = hasPWP
        self.hasPhase = hasPhase
        var slots: [Int: Int] = [:]
        for (slot, node) in nodes.enumerated() { slots[node] = slot }
        let info = Slots(global: nodes.map { Int32($0) }, hasWPs: nodes.map { plan.farm.wps[$0] > 0 })
        explorer = IdealExplorer(plan, steps: steps, slots: info, slot: { slots[$0] ?? -1 })
        let start = FarmState(nodes: nodes.map { entry.nodes[$0] }, pwp: entry.pwp, phase: entry.phase)
        guard let explored = explorer.explore(from: start, limit: limit) else { return nil }
        self.explored = explored
        var first: [FarmState: Int] = [:]
        var projections: [Int] = []
        var exits: [Int] = []
        var exitSeen: Set<FarmState> = []
        for (index, state) in explored.enumerated() {
            if first[state.state] == nil {
                first[state.state] = index
                projections.append(index)
            }
            if explorer.isComplete(state), exitSeen.insert(state.state).inserted { exits.append(index) }
        }
        self.projections = projections
        self.exits = exits
        let farm = plan.farm
        func tally(_ state: FarmState) -> Tally {
            var tally = Tally(farm)
            for (slot, node) in nodes.enumerated() { tally.add(farm, node: node, bits: state.nodes[slot]) }
            return tally
        }
        entryTally = tally(start)
        tallies = projections.map { tally(explored[$0].state) }
    }

    /// The state of projection `index`.
    func state(_ projection: Int) -> FarmState { explored[projections[projection]].state }

    /// Steps completed to reach projection `index`.
    func cost(_ projection: Int) -> Int { explored[projections[projection]].depth }

    /// Whether projection `index` breaks invariant 3 (the PWP's node outside the group keeps its entry state).
    func pwpBroken(_ projection: Int, farm: Farm, entry: FarmState) -> Bool {
        let state = state(projection)
        return InvariantRules.pwpProblem(farm, pwp: state.pwp, phase: state.phase, bits: { node in
            nodes.firstIndex(of: node).map { state.nodes[$0] } ?? entry.nodes[node]
        }) != nil
    }
}
