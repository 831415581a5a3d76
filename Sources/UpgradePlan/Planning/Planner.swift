/// Turns a topology and its policy into a split rolling ZDU plan: a DAG of steps the validator proves safe.
///
/// Shape (DESIGN.md "What the plan must be"; docs/ae-model.md AE-ZDU-1..9):
/// - `DC/NODE/binaries.stage` on every node, no dependencies (before the window);
/// - `zdu.dbload` (wizard step 2) after every stage;
/// - the batches of `PlanLayout` in order, per node `cp.drain -> agents.await-reconnect -> wp.stop ->
///   target.start -> target.verify` (drain, upgrade, reactivate); the nodes of a batch run side by side, and a
///   batch starts when the previous batch (or the gate, or the switch) is done;
/// - `gate/DC` before entering another datacenter unless the policy's gate is `none`;
/// - `zdu.switch` (wizard step 4: connections and the PWP move to target processes) after the first batch whose
///   target processes can carry the farm;
/// - `gate/finalize` (the policy's soak, if it is one) and `zdu.finalize` (wizard step 5) after the last batch;
///   finalize stops the base processes of the rollback reserve, which then get `agents.await-reconnect ->
///   target.start -> target.verify`.
///
/// Every `dependsOn` is minimal and sorted; steps are listed in a stable topological order.
///
/// The planner does not prove its plan: `Validator.validate` does, once, and every command that prints, saves or
/// applies a plan runs it first (a plan it cannot prove is refused with its counterexample, exit 3). The property
/// test "the planner's plans for random farms are valid" holds the planner to that.
public enum Planner {
    /// Plans the upgrade of `topology`, or throws `PlanError` saying why no plan keeps the invariants.
    public static func plan(_ topology: Topology) throws(PlanError) -> Plan {
        try PathCheck.check(topology)
        let layout = try PlanLayout(topology)
        let steps = buildSteps(topology, layout: layout)
        var plan = Plan(
            system: topology.system, topologyHash: TopologyHash.of(topology), topology: topology,
            criticalPathSeconds: 0, steps: steps)
        switch CompiledPlan.compile(plan) {
        case .failure(let violation):
            throw .noValidPlan(reason: "the planned steps are malformed: \(violation.description)")
        case .success(let compiled):
            plan.criticalPathSeconds = CriticalPath.of(plan, graph: compiled.graph, order: compiled.order).seconds
        }
        return plan
    }

    private static func buildSteps(_ topology: Topology, layout: PlanLayout) -> [Step] {
        let factory = StepFactory(topology: topology)
        let gate = topology.policy.gateBetweenDCs
        var steps: [Step] = []
        steps.reserveCapacity(topology.nodes.count * 6 + topology.datacenters.count + 5)
        for node in topology.nodes {
            steps.append(factory.nodeStep(.binariesStage, node: node, dependsOn: []))
        }
        let dbload = factory.wizardStep(.zduDBLoad, dependsOn: steps.map(\.id))
        steps.append(dbload)
        var previous = [dbload.id]
        var previousDC: String?
        for (index, batch) in layout.batches.enumerated() {
            if let last = previousDC, last != batch.datacenter, gate != .none {
                let step = factory.gateStep(
                    before: batch.datacenter, datacenter: batch.datacenter, gate: gate, dependsOn: previous)
                steps.append(step)
                previous = [step.id]
            }
            previousDC = batch.datacenter
            var verified: [String] = []
            for node in batch.nodes {
                var last = previous
                for kind in [StepKind.cpDrain, .agentsAwaitReconnect, .wpStop, .targetStart, .targetVerify] {
                    let step = factory.nodeStep(kind, node: node, dependsOn: last)
                    steps.append(step)
                    last = [step.id]
                }
                verified += last
            }
            previous = verified
            if index == layout.switchAfter {
                let step = factory.wizardStep(.zduSwitch, dependsOn: previous)
                steps.append(step)
                previous = [step.id]
            }
        }
        if case .soak = gate {
            let step = factory.gateStep(before: "finalize", datacenter: nil, gate: gate, dependsOn: previous)
            steps.append(step)
            previous = [step.id]
        }
        let finalize = factory.wizardStep(.zduFinalize, dependsOn: previous)
        steps.append(finalize)
        for node in layout.reserve {
            var last = [finalize.id]
            for kind in [StepKind.agentsAwaitReconnect, .targetStart, .targetVerify] {
                let step = factory.nodeStep(kind, node: node, dependsOn: last)
                steps.append(step)
                last = [step.id]
            }
        }
        return steps
    }
}
