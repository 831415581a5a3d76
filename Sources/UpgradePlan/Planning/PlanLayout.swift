/// One group of nodes of a datacenter that goes out of service together.
struct Batch {
    /// The datacenter of every node in the batch.
    let datacenter: String
    /// The nodes, in plan order.
    let nodes: [Node]
}

/// The order the planner upgrades nodes in: datacenters without the PWP first (declared order), the PWP's
/// datacenter last; per datacenter, nodes in declared order with the PWP node moved last, cut into batches of at
/// most `policy.maxNodesDownPerDC` nodes that keep the invariants while down.
struct PlanLayout {
    /// The batches, in the order they run.
    let batches: [Batch]
    /// The node holding the PWP.
    let pwpNode: Node
    /// The upgraded node the PWP is handed over to.
    let handoverTarget: Node

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
        if let stray = topology.nodes.first(where: { !topology.datacenters.contains($0.datacenter) }) {
            throw .noValidPlan(
                reason: "node \(stray.name) sits in datacenter \(stray.datacenter), which is not declared "
                    + "(declared: \(topology.datacenters.joined(separator: ", "))); add it to datacenters")
        }
        let capacity = Capacity(topology)
        if let problem = capacity.problem(whileDown: []) {
            throw .noValidPlan(reason: problem)
        }
        let others = topology.datacenters.filter { $0 != pwp.datacenter }
        let order = others + [pwp.datacenter]
        var batches: [Batch] = []
        for datacenter in order {
            var nodes = topology.nodes.filter { $0.datacenter == datacenter && !$0.pwp }
            if datacenter == pwp.datacenter { nodes.append(pwp) }
            var current: [Node] = []
            for node in nodes {
                if let problem = capacity.problem(whileDown: [node]) {
                    throw .noValidPlan(reason: problem)
                }
                if current.count < policy.maxNodesDownPerDC && capacity.problem(whileDown: current + [node]) == nil {
                    current.append(node)
                } else {
                    batches.append(Batch(datacenter: datacenter, nodes: current))
                    current = [node]
                }
            }
            if !current.isEmpty { batches.append(Batch(datacenter: datacenter, nodes: current)) }
        }
        // The PWP's batch is the last one; hand over to the first node with WPs of the nearest earlier batch.
        let earlier = batches.dropLast().reversed()
        guard let target = earlier.lazy.compactMap({ $0.nodes.first { $0.wps > 0 } }).first else {
            throw .noValidPlan(
                reason: "the PWP on \(pwp.name) must move to an already upgraded node with WPs, but no batch with "
                    + "WPs runs before \(pwp.name)'s; add a node with WPs, or lower policy.maxNodesDownPerDC so "
                    + "\(pwp.datacenter) is upgraded in more than one batch")
        }
        self.batches = batches
        self.pwpNode = pwp
        self.handoverTarget = target
    }
}
