/// A plan checked for structure and indexed for the checkers: integer step and node indices, a topological order.
///
/// Structural problems found: duplicate step ids, self-dependencies, unknown ids in `dependsOn`, unknown nodes, a
/// wrong node count for the step kind, inverse-only kinds used as steps, cycles (named by their vertices), missing
/// or repeated wizard steps, and steps neither before nor after `zdu.switch` or `zdu.finalize` (each is one moment).
final class CompiledPlan {
    let plan: Plan
    let farm: Farm
    let graph: StepGraph
    /// A stable topological order of all steps.
    let order: [Int]
    let kind: [StepKind]
    /// The node of each step (global node index), or -1.
    let nodeA: [Int32]

    private init(plan: Plan, farm: Farm, graph: StepGraph, order: [Int], kind: [StepKind], nodeA: [Int32]) {
        self.plan = plan
        self.farm = farm
        self.graph = graph
        self.order = order
        self.kind = kind
        self.nodeA = nodeA
    }

    /// Compiles `plan`, or returns the structural problems as a violation without invariant.
    static func compile(_ plan: Plan) -> Result<CompiledPlan, Violation> {
        let graph = StepGraph(plan)
        let farm = Farm(plan.topology, unfinished: Completion.gaps(plan.topology, steps: plan.steps, graph: graph))
        var problems: [String] = []
        var reported: Set<String> = []
        for position in graph.duplicates where reported.insert(plan.steps[position].id).inserted {
            problems.append("duplicate step id \(MessageCap.value(plan.steps[position].id)); give every step its own id")
        }
        var nodeA = [Int32](repeating: -1, count: plan.steps.count)
        for position in plan.steps.indices {
            let step = plan.steps[position]
            let id = MessageCap.value(step.id)
            if step.dependsOn.contains(step.id) { problems.append("\(id) depends on itself") }
            for dep in step.dependsOn where graph.index[dep] == nil {
                problems.append("\(id) depends on unknown step \(MessageCap.value(dep))")
            }
            for name in step.nodes where farm.nodeIndex[name] == nil {
                problems.append("\(id) names unknown node \(MessageCap.value(name)) (known: \(MessageCap.list(farm.names)))")
            }
            guard step.kind.isPlanStep else {
                problems.append("\(id): \(step.kind.rawValue) is only an inverse used by a fallback, not a plan step")
                continue
            }
            let expected = step.kind.isNodeStep ? 1 : 0
            if step.nodes.count != expected {
                problems.append("\(id) (\(step.kind.rawValue)) names \(step.nodes.count) nodes, expected \(expected)")
            } else if expected == 1 {
                nodeA[position] = Int32(farm.nodeIndex[step.nodes[0]] ?? -1)
            }
            if problems.count > 20 { break }
        }
        let order = graph.topologicalOrder()
        if order.count < graph.count {
            problems.append("dependency cycle: " + Self.cycle(in: graph, sorted: order).map { MessageCap.value(plan.steps[$0].id) }
                .joined(separator: " -> "))
        }
        for kind in [StepKind.zduDBLoad, .zduSwitch, .zduFinalize] {
            let found = plan.steps.indices.filter { plan.steps[$0].kind == kind }
            if found.isEmpty {
                problems.append("no \(kind.rawValue) step; the upgrade needs wizard step \(kind.wizardStepNumber ?? 0)")
            } else if found.count > 1 {
                problems.append("\(found.count) \(kind.rawValue) steps; keep exactly one")
            } else if kind != .zduDBLoad, order.count == graph.count {
                let loose = Self.unordered(with: found[0], in: graph)
                if !loose.isEmpty {
                    let names = MessageCap.list(loose.map { plan.steps[$0].id })
                    problems.append("\(kind.rawValue) is missing a dependency: \(loose.count) step(s) neither before "
                        + "nor after it (\(names)); make each run before or after it")
                }
            }
        }
        if !problems.isEmpty {
            return .failure(Violation(invariant: nil, sequence: [], detail: problems.joined(separator: "; "), state: ""))
        }
        return .success(CompiledPlan(
            plan: plan, farm: farm, graph: graph, order: order, kind: plan.steps.map(\.kind), nodeA: nodeA))
    }

    /// The vertices of one cycle, first vertex repeated at the end.
    private static func cycle(in graph: StepGraph, sorted: [Int]) -> [Int] {
        var done = [Bool](repeating: false, count: graph.count)
        for vertex in sorted { done[vertex] = true }
        guard var vertex = (0..<graph.count).first(where: { !done[$0] }) else { return [] }
        var position: [Int: Int] = [:]
        var path: [Int] = []
        while position[vertex] == nil {
            position[vertex] = path.count
            path.append(vertex)
            vertex = graph.dependencies[vertex].first { !done[$0] } ?? vertex
        }
        let loop = Array(path[position[vertex]!...])
        return (loop + [loop[0]]).reversed()
    }

    /// Steps that are neither ancestors nor descendants of `vertex`, ascending.
    private static func unordered(with vertex: Int, in graph: StepGraph) -> [Int] {
        var mark = [Bool](repeating: false, count: graph.count)
        mark[vertex] = true
        for edges in [graph.dependencies, graph.dependents] {
            var stack = [vertex]
            while let next = stack.popLast() {
                for other in edges[next] where !mark[other] {
                    mark[other] = true
                    stack.append(other)
                }
            }
        }
        return (0..<graph.count).filter { !mark[$0] }
    }
}
