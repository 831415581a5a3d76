/// The plan cut into sections for reading: staging, system steps, each datacenter's batches, the gates.
///
/// Derived from the steps alone: a batch is the set of nodes of one datacenter whose `cp.standby` steps wait for the
/// same steps (the planner makes the nodes of one batch parallel branches behind a common start). A system step
/// listed between two steps of the same batch (the `zdu.finalize` inside the last batch) stays in that batch.
struct PlanOutline {
    /// One titled group of consecutive steps, in plan order.
    struct Section: Equatable {
        /// The heading, e.g. `DC2, batch 1 of 2: AE_1B`.
        var title: String
        /// The steps, in plan order.
        var steps: [Step]
    }

    /// The sections, in plan order.
    let sections: [Section]

    /// Cuts a plan into sections.
    init(_ plan: Plan) {
        let batches = Self.batches(plan)
        let keys = plan.steps.map { Self.key(of: $0, batches: batches) }
        var sections: [Section] = []
        var lastKey: String?
        for (index, step) in plan.steps.enumerated() {
            var key = keys[index]
            if key == "system", let lastKey, index + 1 < keys.count, keys[index + 1] == lastKey,
               lastKey.hasPrefix("batch:") {
                key = lastKey
            }
            if key == lastKey {
                sections[sections.count - 1].steps.append(step)
            } else {
                let title = Self.title(key, step: step, plan: plan, batches: batches)
                sections.append(Section(title: title, steps: [step]))
                lastKey = key
            }
        }
        self.sections = sections
    }

    /// Batch of each node: (datacenter, 1-based index within the datacenter, nodes of the batch, batches in the DC).
    private static func batches(_ plan: Plan) -> [String: (dc: String, index: Int, nodes: [String], of: Int)] {
        var order: [String: [[String]]] = [:]
        var keyOfBatch: [String: Int] = [:]
        var dcOrder: [String] = []
        for step in plan.steps where step.kind == .cpStandby {
            guard let node = step.nodes.first else { continue }
            let dc = step.datacenter ?? plan.topology.node(named: node)?.datacenter ?? "?"
            if order[dc] == nil { dcOrder.append(dc) }
            let key = dc + "|" + step.dependsOn.sorted().joined(separator: ",")
            if let index = keyOfBatch[key] {
                order[dc, default: []][index].append(node)
            } else {
                keyOfBatch[key] = order[dc, default: []].count
                order[dc, default: []].append([node])
            }
        }
        var result: [String: (dc: String, index: Int, nodes: [String], of: Int)] = [:]
        for dc in dcOrder {
            let list = order[dc] ?? []
            for (index, nodes) in list.enumerated() {
                for node in nodes { result[node] = (dc, index + 1, nodes, list.count) }
            }
        }
        return result
    }

    private static func key(
        of step: Step, batches: [String: (dc: String, index: Int, nodes: [String], of: Int)]
    ) -> String {
        switch step.kind {
        case .binariesStage: return "stage"
        case .gate: return "gate:" + step.id
        default:
            guard let node = step.nodes.first else { return "system" }
            guard let batch = batches[node] else { return "node:" + (step.datacenter ?? "") + "/" + node }
            return "batch:\(batch.dc)/\(batch.index)"
        }
    }

    private static func title(
        _ key: String, step: Step, plan: Plan, batches: [String: (dc: String, index: Int, nodes: [String], of: Int)]
    ) -> String {
        if key == "stage" { return "Stage binaries (before the window, in parallel)" }
        if key == "system" { return "System" }
        if key.hasPrefix("gate:") {
            let gate = step.gate.map(Render.describe) ?? "gate"
            return step.datacenter.map { "Gate before \($0): \(gate)" } ?? "Gate: \(gate)"
        }
        guard let node = step.nodes.first, let batch = batches[node] else {
            return "\(step.datacenter ?? "?"): \(step.nodes.first ?? "?")"
        }
        let pwp = batch.nodes.contains { plan.topology.node(named: $0)?.pwp == true } ? " (holds the PWP)" : ""
        return "\(batch.dc), batch \(batch.index) of \(batch.of): \(batch.nodes.joined(separator: ", "))\(pwp)"
    }
}
