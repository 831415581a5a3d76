/// A plan checked for structure and indexed for the checkers: integer step and node indices, a topological order.
///
/// Structural problems found: duplicate step ids, unknown ids in `dependsOn`, unknown nodes, a wrong node count
/// for the step kind, `zdu.rollback` used as a step, cycles (named by their vertices), a missing or repeated
/// `zdu.finalize`, and steps neither before nor after `zdu.finalize` (the point of no return must be one moment).
final class CompiledPlan {
    let plan: Plan
    let farm: Farm
    let graph: StepGraph
    /// A stable topological order of all steps.
    let order: [Int]
    let kind: [StepKind]
    /// First node of each step (global node index), or -1.
    let nodeA: [Int32]
    /// Second node (the handover target), or -1.
    let nodeB: [Int32]

    private init(plan: Plan, farm: Farm, graph: StepGraph, order: [Int], kind: [StepKind], nodeA: [Int32],
        nodeB: [Int32])
    {
        self.plan = plan
        self.farm = farm
        self.graph = graph
        self.order = order
        self.kind = kind
        self.nodeA = nodeA
        self.nodeB = nodeB
    }

    /// Compiles `plan`, or returns the structural problems as a violation without invariant.
    static func compile(_ plan: Plan) -> Result<CompiledPlan, Violation> {
        let farm = Farm(plan.topology)
        let graph = StepGraph(plan)
        var problems: [String] = []
        var reported: Set<String> = []
        for position in graph.duplicates where reported.insert(plan.steps[position].id).inserted {
            let id = plan.steps[position].id
            let count = plan.steps.lazy.filter { $0.id == id }.count
            problems.append("duplicate step id \(id) (\(count) steps); give every step its own id")
        }
        var nodeA = [Int32](repeating: -1, count: plan.steps.count)
        var nodeB = [Int32](repeating: -1, count: plan.steps.count)
        for position in plan.steps.indices {
            let step = plan.steps[position]
            for dep in step.dependsOn where graph.index[dep] == nil {
                problems.append("\(step.id) depends on unknown step \(dep)")
            }
            for name in step.nodes where farm.nodeIndex[name] == nil {
                problems.append("\(step.id) names unknown node \(name) (known: \(farm.names.joined(separator: ", ")))")
            }
            let expected: Int
            switch step.kind {
            case .zduPrepare, .zduFinalize, .gate: expected = 0
            case .pwpHandover: expected = 2
            case .zduRollback:
                problems.append("\(step.id): zdu.rollback is only an inverse, not a plan step")
                continue
            default: expected = 1
            }
            if step.nodes.count != expected {
                problems.append("\(step.id) (\(step.kind.rawValue)) names \(step.nodes.count) nodes, expected \(expected)")
            } else if expected == 2 && step.nodes[0] == step.nodes[1] {
                problems.append("\(step.id) hands the PWP from \(step.nodes[0]) to itself")
            }
            if expected >= 1 { nodeA[position] = Int32(farm.nodeIndex[step.nodes[0]] ?? -1) }
            if expected == 2 && step.nodes.count == 2 { nodeB[position] = Int32(farm.nodeIndex[step.nodes[1]] ?? -1) }
        }
        let order = graph.topologicalOrder()
        if order.count < graph.count {
            problems.append("dependency cycle: " + Self.cycle(in: graph, sorted: order).map { plan.steps[$0].id }
                .joined(separator: " -> "))
        }
        let finalizes = plan.steps.indices.filter { plan.steps[$0].kind == .zduFinalize }
        if finalizes.isEmpty {
            problems.append("no zdu.finalize step; the upgrade must end by finalizing ZDU")
        } else if finalizes.count > 1 {
            problems.append("\(finalizes.count) zdu.finalize steps; keep exactly one")
        } else if order.count == graph.count {
            let loose = Self.unordered(with: finalizes[0], in: graph)
            if !loose.isEmpty {
                let names = loose.prefix(5).map { plan.steps[$0].id }.joined(separator: ", ")
                problems.append("zdu.finalize is missing a dependency: \(loose.count) step(s) neither before nor after it "
                    + "(\(names)\(loose.count > 5 ? ", ..." : "")); make each run before or after the point of no return")
            }
        }
        if !problems.isEmpty {
            return .failure(Violation(invariant: nil, sequence: [], detail: problems.joined(separator: "; "), state: ""))
        }
        return .success(CompiledPlan(
            plan: plan, farm: farm, graph: graph, order: order, kind: plan.steps.map(\.kind), nodeA: nodeA,
            nodeB: nodeB))
    }

    /// The vertices of one cycle, first vertex repeated at the end.
    private static func cycle(in graph: StepGraph, sorted: [Int]) -> [Int] {
        var done = [Bool](repeating: false, count: graph.count)
        for vertex in sorted { done[vertex] = true }
        // Walk dependencies among the unsorted vertices until one repeats.
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
