@testable import UpgradePlan

/// Hand edits of a plan, as an operator (or a mutation test) would make them.
extension Plan {
    /// The plan with step `id`'s dependencies replaced.
    func setting(_ id: String, dependsOn: [String]) -> Plan {
        var plan = self
        if let index = plan.steps.firstIndex(where: { $0.id == id }) { plan.steps[index].dependsOn = dependsOn }
        return plan
    }

    /// The plan with step `id`'s nodes replaced.
    func setting(_ id: String, nodes: [String]) -> Plan {
        var plan = self
        if let index = plan.steps.firstIndex(where: { $0.id == id }) { plan.steps[index].nodes = nodes }
        return plan
    }

    /// The plan without step `id`; its dependents inherit its dependencies.
    func removing(_ id: String) -> Plan {
        var plan = self
        guard let index = plan.steps.firstIndex(where: { $0.id == id }) else { return plan }
        let removed = plan.steps.remove(at: index)
        for position in plan.steps.indices where plan.steps[position].dependsOn.contains(id) {
            let deps = plan.steps[position].dependsOn.filter { $0 != id } + removed.dependsOn
            plan.steps[position].dependsOn = Array(Set(deps)).sorted()
        }
        return plan
    }
}
