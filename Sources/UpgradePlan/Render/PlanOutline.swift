/// The plan cut into sections for reading: staging, the wizard steps, each datacenter's batches, the gates, and
/// the nodes kept on base processes until finalize.
///
/// Derived from the steps alone: a batch is the set of nodes of one datacenter whose first step (`cp.drain`, or
/// `agents.await-reconnect` after finalize) waits for the same steps.
struct PlanOutline {
    /// One titled group of consecutive steps, in plan order.
    struct Section: Equatable {
        /// The heading, e.g. `DC2, batch 1 of 2: AE_1B — drain CPs/JCPs, upgrade, reactivate`.
        var title: String
        /// The steps, in plan order.
        var steps: [Step]
    }

    /// The sections, in plan order.
    let sections: [Section]

    /// Cuts a plan into sections.
    init(_ plan: Plan) {
        let batches = Self.batches(plan)
        var sections: [Section] = []
        var lastKey: String?
        for step in plan.steps {
            let key = Self.key(of: step, batches: batches)
            if key == lastKey {
                sections[sections.count - 1].steps.append(step)
            } else {
                sections.append(Section(title: Self.title(key, step: step, plan: plan, batches: batches), steps: [step]))
                lastKey = key
            }
        }
        self.sections = sections
    }

    private typealias BatchInfo = (dc: String, index: Int, nodes: [String], of: Int, afterFinalize: Bool)

    /// Batch of each node: datacenter, 1-based index within the datacenter, its nodes, batches in the DC.
    private static func batches(_ plan: Plan) -> [String: BatchInfo] {
        var order: [String: [[String]]] = [:]
        var keyOfBatch: [String: Int] = [:]
        var dcOrder: [String] = []
        var afterFinalize: Set<String> = []
        var drained: Set<String> = []
        for step in plan.steps where step.kind == .cpDrain { drained.formUnion(step.nodes) }
        for step in plan.steps {
            guard let node = step.nodes.first else { continue }
            let first = step.kind == .cpDrain || (step.kind == .agentsAwaitReconnect && !drained.contains(node))
            guard first else { continue }
            if step.kind == .agentsAwaitReconnect { afterFinalize.insert(node) }
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
        var result: [String: BatchInfo] = [:]
        for dc in dcOrder {
            let list = order[dc] ?? []
            for (index, nodes) in list.enumerated() {
                for node in nodes { result[node] = (dc, index + 1, nodes, list.count, afterFinalize.contains(node)) }
            }
        }
        return result
    }

    private static func key(of step: Step, batches: [String: BatchInfo]) -> String {
        switch step.kind {
        case .binariesStage: return "stage"
        case .gate, .zduDBLoad, .zduSwitch, .zduFinalize, .zduRollback: return "system:" + step.id
        default:
            guard let node = step.nodes.first else { return "system" }
            guard let batch = batches[node] else { return "node:" + (step.datacenter ?? "") + "/" + node }
            return "batch:\(batch.dc)/\(batch.index)"
        }
    }

    private static func title(_ key: String, step: Step, plan: Plan, batches: [String: BatchInfo]) -> String {
        let versions = plan.topology.versions
        switch step.kind {
        case .binariesStage:
            return "Stage \(versions.target) binaries in their own directory (before the window, in parallel)"
        case .zduDBLoad:
            return "Wizard step 2, DB load (operator, AWI client 0): compatibility mode on"
        case .zduSwitch:
            return "Wizard step 4, switch (operator): move the PWP to a \(versions.target) WP, connections to "
                + "\(versions.target) CPs/JCPs; rollback possible from here until finalize"
        case .zduFinalize:
            return "Wizard step 5, finalize (operator): the remaining \(versions.base) processes stop for good; "
                + "no rollback after this"
        case .gate:
            let gate = step.gate.map(Render.describe) ?? "gate"
            if step.id == "gate/finalize" { return "Soak before finalize: \(gate) (rollback still possible)" }
            return step.datacenter.map { "Gate before \($0): \(gate)" } ?? "Gate: \(gate)"
        default:
            break
        }
        guard let node = step.nodes.first, let batch = batches[node] else {
            return "\(step.datacenter ?? "?"): \(step.nodes.first ?? "?")"
        }
        let pwp = batch.nodes.contains { plan.topology.node(named: $0)?.pwp == true } ? " (holds the PWP)" : ""
        let nodes = batch.nodes.joined(separator: ", ")
        if batch.afterFinalize {
            return "\(batch.dc): \(nodes)\(pwp), kept on \(versions.base) until finalize: reactivate on "
                + "\(versions.target)"
        }
        return "\(batch.dc), batch \(batch.index) of \(batch.of): \(nodes)\(pwp): drain CPs/JCPs, upgrade, reactivate"
    }
}
