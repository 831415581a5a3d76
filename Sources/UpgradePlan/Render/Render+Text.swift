import Foundation

extension Render {
    /// Dependencies listed per step before the rest are counted ("and 7 more").
    static let dependenciesShown = 4

    /// The plan as readable text: system and versions, the policy, per datacenter its batches with each step's
    /// node(s), estimate and dependencies (critical-path steps marked `*`), then the critical path and its total.
    public static func text(_ plan: Plan) -> String {
        let topology = plan.topology
        let critical = CriticalPath.of(plan)
        let onPath = Set(critical.steps)
        var out: [String] = []
        out.append("Upgrade plan for \(plan.system): \(topology.versions.base) -> \(topology.versions.target)")
        out.append("\(topology.datacenters.count) datacenters (\(topology.datacenters.joined(separator: ", "))), "
            + "\(topology.nodes.count) nodes, \(plan.steps.count) steps, critical path \(clock(critical.seconds))")
        out.append("Topology sha256 \(plan.topologyHash.isEmpty ? TopologyHash.of(topology) : plan.topologyHash)")
        if PathCheck.confirmedByOperator(topology) {
            out.append("ZDU path \(topology.versions.base) -> \(topology.versions.target): not in aeupgrade's table of "
                + "documented paths; confirmed by the operator (policy.zduPathConfirmed)")
        }
        out.append(contentsOf: policyLines(topology.policy))
        out.append("Wizard steps (zdu.*) are performed by the operator in the AWI; aeupgrade stops there (exit 75) and "
            + "goes on when it observes the result.")
        out.append("Steps marked * are on the critical path. The last column says how to fall back after the step.")
        let windows = RollbackWindow.of(plan)
        let idWidth = plan.steps.map(\.id.count).max() ?? 0
        let nodeWidth = plan.steps.map { nodes(of: $0).count }.max() ?? 0
        for section in PlanOutline(plan).sections {
            out.append("")
            out.append(section.title)
            for step in section.steps {
                let mark = onPath.contains(step.id) ? "*" : " "
                let id = step.id.padding(toLength: idWidth, withPad: " ", startingAt: 0)
                let who = nodes(of: step).padding(toLength: nodeWidth, withPad: " ", startingAt: 0)
                let window = (windows[step.id] ?? .stopTarget).rawValue
                out.append("  \(mark) \(id)  \(who)  \(clock(step.estimateSeconds))  \(dependencies(step))  [\(window)]")
            }
        }
        out.append("")
        out.append("Critical path (\(critical.steps.count) steps):")
        var start = 0
        let estimates = Dictionary(plan.steps.map { ($0.id, $0.estimateSeconds) }) { first, _ in first }
        for id in critical.steps {
            let estimate = estimates[id] ?? 0
            out.append("  \(clock(start))  +\(clock(estimate))  \(id)")
            start += estimate
        }
        out.append("Total: \(clock(critical.seconds))")
        return out.joined(separator: "\n") + "\n"
    }

    private static func policyLines(_ policy: Policy) -> [String] {
        let plural = policy.maxNodesDownPerDC == 1 ? "node" : "nodes"
        return [
            "Policy: at most \(policy.maxNodesDownPerDC) \(plural) mid-upgrade per DC; at least \(policy.minActiveCPs) "
                + "serving CP(s) and \(policy.minRunningWPs) serving WP(s) at every moment",
            "        gate between DCs: \(describe(policy.gateBetweenDCs)); on failure: \(policy.onFailure.rawValue)",
        ]
    }

    private static func dependencies(_ step: Step) -> String {
        guard !step.dependsOn.isEmpty else { return "(no dependencies)" }
        let shown = step.dependsOn.prefix(dependenciesShown).joined(separator: ", ")
        let more = step.dependsOn.count - dependenciesShown
        return "after " + shown + (more > 0 ? " and \(more) more" : "")
    }
}
