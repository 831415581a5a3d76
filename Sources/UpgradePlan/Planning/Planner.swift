/// Turns a topology and its policy into a rolling-upgrade plan: a DAG of steps the validator proves safe.
///
/// Shape of the plan (DESIGN.md "The plan", TEAM.md "Step semantics"):
/// - `DC/NODE/binaries.stage` on every node, no dependencies (parallel, before the window);
/// - `zdu.prepare` after every stage;
/// - datacenters without the PWP first (declared order), the PWP's datacenter last; within a datacenter nodes in
///   declared order with the PWP node moved last, in batches of at most `policy.maxNodesDownPerDC` (smaller when
///   a bigger batch would break an invariant);
/// - per node of a batch, a chain `cp.standby -> agents.await-failover -> [pwp.handover] -> wp.stop ->
///   binaries.install -> processes.start -> health.verify -> cp.activate -> agents.await-home`; the nodes of one
///   batch are parallel branches; every `cp.standby` of a batch depends on every `agents.await-home` of the
///   previous batch (or on `zdu.prepare`, or on the gate);
/// - `gate/DC` (the gate before entering DC) between datacenters unless the policy's gate is `none`;
/// - the PWP node's chain has `DC/NODE/pwp.handover` with nodes `[from, to]`, `to` being the first node with WPs
///   of the batch upgraded just before (so the PWP moves exactly once, onto an upgraded node);
/// - the last batch (the one holding the PWP) has `zdu.finalize` after every node's `agents.await-failover` and
///   the handover, and before every node's `wp.stop`: finalize is what stops the last base processes.
///
/// Ids: `DC2/AE_1B/cp.standby`, `DC1/AE_1A/pwp.handover`, `zdu.prepare`, `zdu.finalize`, `gate/DC1`.
/// Every `dependsOn` is minimal (a transitive reduction) and sorted; steps are listed in a stable topological order.
public enum Planner {
    /// Plans the upgrade of `topology`, or throws `PlanError.noValidPlan` saying why none keeps the invariants.
    public static func plan(_ topology: Topology) throws(PlanError) -> Plan {
        let layout = try PlanLayout(topology)
        let steps = buildSteps(topology, layout: layout)
        var plan = Plan(
            system: topology.system, topologyHash: TopologyHash.of(topology), topology: topology,
            criticalPathSeconds: 0, steps: steps)
        let result: ValidationResult
        switch CompiledPlan.compile(plan) {
        case .failure(let violation):
            result = .invalid(violation)
        case .success(let compiled):
            plan.criticalPathSeconds = CriticalPath.of(plan, graph: compiled.graph, order: compiled.order).seconds
            result = Validator.validate(compiled)
        }
        if case .invalid(let violation) = result {
            throw .noValidPlan(reason: "the planned order breaks an invariant: \(violation.description)")
        }
        return plan
    }

    private static func buildSteps(_ topology: Topology, layout: PlanLayout) -> [Step] {
        let factory = StepFactory(topology: topology)
        var steps: [Step] = []
        steps.reserveCapacity(topology.nodes.count * 10 + topology.datacenters.count + 2)
        for node in topology.nodes {
            steps.append(factory.nodeStep(.binariesStage, node: node, dependsOn: []))
        }
        let prepare = factory.systemStep(.zduPrepare, dependsOn: steps.map(\.id))
        steps.append(prepare)
        var previous = [prepare.id]
        var previousDC: String?
        for (index, batch) in layout.batches.enumerated() {
            if let last = previousDC, last != batch.datacenter, topology.policy.gateBetweenDCs != .none {
                let gate = factory.gateStep(
                    before: batch.datacenter, gate: topology.policy.gateBetweenDCs, dependsOn: previous)
                steps.append(gate)
                previous = [gate.id]
            }
            previousDC = batch.datacenter
            let isLast = index == layout.batches.count - 1
            // First half of each chain: standby, failover, handover for the PWP node.
            var heads: [String] = []
            for node in batch.nodes {
                let standby = factory.nodeStep(.cpStandby, node: node, dependsOn: previous)
                let failover = factory.nodeStep(.agentsAwaitFailover, node: node, dependsOn: [standby.id])
                steps.append(standby)
                steps.append(failover)
                var head = failover.id
                if node.name == layout.pwpNode.name {
                    let handover = factory.nodeStep(
                        .pwpHandover, node: node, dependsOn: [failover.id], handoverTo: layout.handoverTarget)
                    steps.append(handover)
                    head = handover.id
                }
                heads.append(head)
            }
            var finalize: Step?
            if isLast {
                finalize = factory.systemStep(.zduFinalize, dependsOn: heads)
                steps.append(finalize!)
            }
            // Second half: stop, install, start, verify, activate, agents home.
            var homes: [String] = []
            for (node, head) in zip(batch.nodes, heads) {
                var last = finalize?.id ?? head
                for kind in [StepKind.wpStop, .binariesInstall, .processesStart, .healthVerify, .cpActivate,
                    .agentsAwaitHome]
                {
                    let step = factory.nodeStep(kind, node: node, dependsOn: [last])
                    steps.append(step)
                    last = step.id
                }
                homes.append(last)
            }
            previous = homes
        }
        return steps
    }
}
