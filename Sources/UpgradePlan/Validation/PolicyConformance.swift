/// Checks that a plan (also one edited by hand) keeps the shape its policy asks for, beyond the invariants:
/// datacenters are upgraded one after the other, with the policy's gate between them.
///
/// Works on the plan's segments (`Segments`: every execution passes through them in order), so it is linear.
/// The nodes kept on base until `zdu.finalize` start their target processes after it, side by side whatever their
/// datacenter, and are not counted.
enum PolicyConformance {
    /// Why the plan does not conform to its policy, or nil when it does.
    static func problem(_ plan: CompiledPlan) -> String? {
        let policy = plan.farm.policy
        guard policy.gateBetweenDCs != .none,
            let finalize = plan.kind.firstIndex(of: .zduFinalize) else { return nil }
        var afterFinalize = [Bool](repeating: false, count: plan.graph.count)
        var stack = [finalize]
        afterFinalize[finalize] = true
        while let next = stack.popLast() {
            for other in plan.graph.dependents[next] where !afterFinalize[other] {
                afterFinalize[other] = true
                stack.append(other)
            }
        }
        var currentDC: Int?
        var gateSince = false
        for segment in Segments.of(plan) {
            var datacenters: Set<Int> = []
            var hasGate = false
            for step in segment {
                if plan.kind[step] == .gate { hasGate = true }
                guard plan.kind[step] != .binariesStage, !afterFinalize[step], plan.nodeA[step] >= 0 else { continue }
                datacenters.insert(plan.farm.datacenter[Int(plan.nodeA[step])])
            }
            if datacenters.count > 1 {
                let names = datacenters.sorted().map { plan.farm.datacenterNames[$0] }
                return "datacenters \(names.joined(separator: " and ")) are upgraded side by side; "
                    + "policy.gateBetweenDCs (\(Render.describe(policy.gateBetweenDCs))) asks for one datacenter at a "
                    + "time with a gate between them"
            }
            if let datacenter = datacenters.first {
                if let current = currentDC, current != datacenter, !gateSince {
                    return "no gate between \(plan.farm.datacenterNames[current]) and "
                        + "\(plan.farm.datacenterNames[datacenter]); policy.gateBetweenDCs is "
                        + "\(Render.describe(policy.gateBetweenDCs)): add a gate step before the first step of "
                        + plan.farm.datacenterNames[datacenter]
                }
                if currentDC != datacenter { gateSince = false }
                currentDC = datacenter
            }
            if hasGate { gateSince = true }
        }
        return nil
    }
}
