/// One group of nodes of a datacenter upgraded together.
struct Batch {
    /// The datacenter of every node in the batch.
    let datacenter: String
    /// The nodes, in plan order.
    let nodes: [Node]
}

/// Where each node goes in the split rolling upgrade (DESIGN.md "What the plan must be").
///
/// Order: datacenters without the PWP first (declared order), the PWP's datacenter last; within a datacenter,
/// declared order with the PWP node last. The last nodes of that order whose base processes can carry the farm
/// alone form the rollback reserve (invariant 5): they keep running base processes until `zdu.finalize`, which
/// stops them. Every other node is upgraded before finalize, in batches of at most `policy.maxNodesDownPerDC` nodes
/// of one datacenter; the switch comes after the first batch whose target processes, with the batches before it,
/// can carry the farm alone.
struct PlanLayout {
    /// Batches upgraded before finalize, in the order they run.
    let batches: [Batch]
    /// Index into `batches` of the batch after which the switch happens.
    let switchAfter: Int
    /// The nodes kept on base processes until finalize, in plan order (the PWP node among them).
    let reserve: [Node]
    /// The node holding the PWP.
    let pwpNode: Node

    /// Lays out the topology's nodes, or throws why no layout keeps the invariants.
    init(_ topology: Topology) throws(PlanError) {
        let policy = topology.policy
        guard policy.maxNodesDownPerDC >= 1 else {
            throw .noValidPlan(reason: "policy.maxNodesDownPerDC is \(policy.maxNodesDownPerDC); set it to 1 or more")
        }
        let marked = topology.nodes.filter(\.pwp)
        guard marked.count == 1, let pwp = marked.first else {
            throw .noValidPlan(
                reason: "\(marked.count) nodes are marked pwp: true; mark exactly the node that holds the primary WP")
        }
        guard pwp.wps > 0 else {
            throw .noValidPlan(reason: "PWP node \(pwp.name) has no WPs (wps: 0); fix its wps or move pwp: true")
        }
        let declared = Set(topology.datacenters)
        if let stray = topology.nodes.first(where: { !declared.contains($0.datacenter) }) {
            throw .noValidPlan(
                reason: "node \(stray.name) sits in datacenter \(stray.datacenter), which is not declared "
                    + "(declared: \(MessageCap.list(topology.datacenters))); add it to datacenters")
        }
        let capacity = Capacity(topology)
        if let problem = capacity.problem(serving: topology.nodes, who: "all processes together") {
            throw .noValidPlan(reason: "before any change, \(problem)")
        }
        var byDC: [String: [Node]] = [:]
        for node in topology.nodes where !node.pwp { byDC[node.datacenter, default: []].append(node) }
        byDC[pwp.datacenter, default: []].append(pwp)
        var seenDC: Set<String> = []
        let dcOrder = (topology.datacenters.filter { $0 != pwp.datacenter } + [pwp.datacenter])
            .filter { seenDC.insert($0).inserted }
        let order = dcOrder.flatMap { byDC[$0] ?? [] }
        let reserve = try Self.reserve(order: order, pwp: pwp, capacity: capacity, policy: policy)
        let kept = Set(reserve.map(\.name))
        var batches: [Batch] = []
        var current: [Node] = []
        for node in order where !kept.contains(node.name) {
            if let last = current.last, last.datacenter != node.datacenter || current.count >= policy.maxNodesDownPerDC {
                batches.append(Batch(datacenter: last.datacenter, nodes: current))
                current = []
            }
            current.append(node)
        }
        if let last = current.last { batches.append(Batch(datacenter: last.datacenter, nodes: current)) }
        guard !batches.isEmpty else {
            throw .noValidPlan(
                reason: "every node must keep its base processes until finalize (\(MessageCap.list(reserve.map(\.name))) "
                    + "carry the farm only together), so no target process could run before the switch; add nodes, "
                    + "CPs/JCPs or a declared fallback so fewer nodes can carry the farm alone")
        }
        var upgraded = Capacity.Sums()
        var switchAfter: Int?
        var lastProblem = ""
        for (index, batch) in batches.enumerated() {
            for node in batch.nodes { upgraded.add(node) }
            if let problem = capacity.problem(upgraded, who: "the target processes of the upgraded nodes") {
                lastProblem = problem
            } else {
                switchAfter = index
                break
            }
        }
        guard let switchAfter else {
            throw .noValidPlan(
                reason: "the switch needs target processes that carry the farm alone, but after every node outside "
                    + "the rollback reserve (\(MessageCap.list(reserve.map(\.name)))) is upgraded, \(lastProblem); add "
                    + "CPs/JCPs or WPs, or declare a fallback")
        }
        self.batches = batches
        self.switchAfter = switchAfter
        self.reserve = reserve
        self.pwpNode = pwp
    }

    /// The rollback reserve: the PWP node, then nodes from the end of `order` that help, until their base processes
    /// carry the farm alone; at most `maxNodesDownPerDC` per datacenter, because finalize stops them all at once.
    private static func reserve(order: [Node], pwp: Node, capacity: Capacity, policy: Policy) throws(PlanError)
        -> [Node]
    {
        var reserve = [pwp]
        var perDC = [pwp.datacenter: 1]
        let who = "the base processes kept until finalize"
        // Linear: the capacity of the reserve is asked again only when the reserve grows, and a datacenter that
        // already gives its most nodes is skipped before any counting.
        var sums = Capacity.Sums()
        sums.add(pwp)
        var carries = capacity.problem(sums, who: who) == nil
        var shortfall = Self.shortfall(capacity, sums)
        for node in order.reversed() where !carries && node.name != pwp.name {
            guard perDC[node.datacenter, default: 0] < policy.maxNodesDownPerDC else { continue }
            // Take the node only when it fixes something the reserve lacks.
            var grown = sums
            grown.add(node)
            let with = Self.shortfall(capacity, grown)
            guard with < shortfall else { continue }
            reserve.append(node)
            perDC[node.datacenter, default: 0] += 1
            sums = grown
            shortfall = with
            carries = capacity.problem(sums, who: who) == nil
        }
        if let problem = capacity.problem(serving: reserve, who: who) {
            throw .noValidPlan(
                reason: "rollback must stay possible until finalize (invariant 5), but \(problem) (reserve: "
                    + "\(MessageCap.list(reserve.map(\.name))), at most policy.maxNodesDownPerDC "
                    + "\(policy.maxNodesDownPerDC) per datacenter because finalize stops them at once); add "
                    + "CPs/JCPs or declare a fallback, or raise policy.maxNodesDownPerDC")
        }
        let kept = Set(reserve.map(\.name))
        return order.filter { kept.contains($0.name) }
    }

    /// How far the nodes summed in `sums` are from carrying the farm: missing CPs and WPs, plus one per agent group
    /// they cannot serve.
    private static func shortfall(_ capacity: Capacity, _ sums: Capacity.Sums) -> Int {
        let policy = capacity.topology.policy
        var missing = max(0, policy.minActiveCPs - sums.cps) + max(0, policy.minRunningWPs - sums.wps)
        if sums.wpNodes == 0 { missing += 1 }
        for entry in capacity.entries where !entry.reach.contains(where: { area in
            let counts = sums.byArea[area] ?? (0, 0)
            return (entry.kind == .cp ? counts.cp : counts.jcp) > 0
        }) {
            missing += 1
        }
        return missing
    }
}
