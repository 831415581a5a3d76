/// Invariant 9, the goal state: at the end of every complete execution every node runs its target processes, started
/// and verified, the PWP is on a target WP and ZDU is finalized.
///
/// Every complete execution runs every step, and a node's target processes start only by its `target.start` (which
/// starts every kind the node declares) and are never stopped by a plan step; `zdu.finalize`, which every plan has
/// once, stops every base process for good (AE-ZDU-5). So the goal state fails exactly for a node that has no
/// `target.start`, or no `target.verify` ordered after one: such a node is lost from the moment its base processes
/// start stopping (by its own steps or by finalize), and that is where the validator reports it, with the step
/// sequence that gets there. The rest of the goal state is what invariants 1-3 say of the final state (finalized:
/// only target processes serve, the PWP on a target WP).
enum Completion {
    /// What the plan leaves undone on a node.
    enum Gap: UInt8 {
        /// The plan starts and verifies the node's target processes.
        case none = 0
        /// No `target.start` step names the node.
        case neverStarted = 1
        /// The node has a `target.start`, but no `target.verify` of the node depends on one.
        case neverVerified = 2
    }

    /// The gap of each node of `topology` (topology order) in `steps`; `graph` gives the dependencies. Steps naming
    /// unknown nodes are ignored (the compiler reports them).
    static func gaps(_ topology: Topology, steps: [Step], graph: StepGraph) -> [Gap] {
        var nodeIndex: [String: Int] = [:]
        for (index, node) in topology.nodes.enumerated() where nodeIndex[node.name] == nil {
            nodeIndex[node.name] = index
        }
        var starts = [[Int]](repeating: [], count: topology.nodes.count)
        var verifies = [[Int]](repeating: [], count: topology.nodes.count)
        for (position, step) in steps.enumerated() where step.nodes.count == 1 {
            guard let node = nodeIndex[step.nodes[0]] else { continue }
            if step.kind == .targetStart { starts[node].append(position) }
            if step.kind == .targetVerify { verifies[node].append(position) }
        }
        var isStart = [Bool](repeating: false, count: steps.count)
        var stamp = [Int](repeating: -1, count: steps.count)
        var walk = 0
        /// Whether some ancestor of `vertex` is a start of the node being checked (each step visited once per walk).
        func followsStart(_ vertex: Int) -> Bool {
            walk += 1
            var stack = [vertex]
            stamp[vertex] = walk
            while let next = stack.popLast() {
                for dep in graph.dependencies[next] where stamp[dep] != walk {
                    if isStart[dep] { return true }
                    stamp[dep] = walk
                    stack.append(dep)
                }
            }
            return false
        }
        return topology.nodes.indices.map { node in
            if starts[node].isEmpty { return .neverStarted }
            for start in starts[node] { isStart[start] = true }
            defer { for start in starts[node] { isStart[start] = false } }
            // A planner-made plan's verify depends on the start directly: the walk stops at the first edge.
            return verifies[node].contains(where: followsStart) ? .none : .neverVerified
        }
    }

    /// Whether a node with `gap` in state `bits` counts as lost (see `Tally.unfinishedNodes`): a node never started
    /// once a base part stopped, a node never verified once its target processes run.
    static func lost(_ gap: Gap, bits: UInt8) -> Bool {
        switch gap {
        case .none: false
        case .neverStarted: bits != NodeBits.base
        case .neverVerified: bits & NodeBits.target != 0
        }
    }

    /// What invariant 9 finds lost after `sequence` (global step indices, from the initial state), naming each node
    /// and the step after which it is lost; nil when no node is.
    static func problem(_ plan: CompiledPlan, sequence: [Int]) -> String? {
        let farm = plan.farm
        var state = farm.initialState
        let slots = farm.allSlots
        var changedBy = [Int](repeating: -1, count: farm.count)
        for step in sequence {
            let before = state.nodes
            state.apply(plan.kind[step], a: Int(plan.nodeA[step]), slots: slots)
            for node in 0..<farm.count where state.nodes[node] != before[node] { changedBy[node] = step }
        }
        let problems = (0..<farm.count).filter { lost(farm.unfinished[$0], bits: state.nodes[$0]) }.map { node in
            let name = farm.names[node]
            let after = changedBy[node] >= 0 ? "after \(MessageCap.value(plan.plan.steps[changedBy[node]].id)) " : ""
            let bits = state.nodes[node]
            switch farm.unfinished[node] {
            case .neverVerified:
                return "\(name): the plan starts its target processes but no target.verify of \(name) follows its "
                    + "target.start, so nothing observes that they run"
            default:
                let now = bits & NodeBits.base == 0 ? "it runs no process"
                    : bits & NodeBits.baseCPs == 0 ? "its base CPs/JCPs are stopped" : "its base WPs are stopped"
                return "\(name): the plan never starts its target processes; \(after)\(now)"
            }
        }
        guard !problems.isEmpty else { return nil }
        let more = problems.count > MessageCap.names ? "; … and \(problems.count - MessageCap.names) more" : ""
        return MessageCap.message(problems.prefix(MessageCap.names).joined(separator: "; ") + more
            + " (every node must end on its target processes: give it a target.start and a target.verify after it)")
    }
}
