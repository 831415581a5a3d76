/// The longest chain of a plan's DAG, weighted by the steps' estimates.
public enum CriticalPath {
    /// The critical path's length in seconds and its step ids, first to last. Unknown dependencies are ignored;
    /// steps on a cycle are left out.
    public static func of(_ plan: Plan) -> (seconds: Int, steps: [String]) {
        let graph = StepGraph(plan)
        return of(plan, graph: graph, order: graph.topologicalOrder())
    }

    /// The critical path over an already indexed plan.
    static func of(_ plan: Plan, graph: StepGraph, order: [Int]) -> (seconds: Int, steps: [String]) {
        var finish = [Int](repeating: 0, count: graph.count)
        var via = [Int](repeating: -1, count: graph.count)
        for vertex in order {
            var start = 0
            for dep in graph.dependencies[vertex] where via[vertex] < 0 || finish[dep] > start {
                start = finish[dep]
                via[vertex] = dep
            }
            finish[vertex] = start + plan.steps[vertex].estimateSeconds
        }
        guard var end = order.first else { return (0, []) }
        for vertex in order where finish[vertex] > finish[end] { end = vertex }
        let seconds = finish[end]
        var path = [end]
        while via[end] >= 0 {
            end = via[end]
            path.append(end)
        }
        return (seconds, path.reversed().map { plan.steps[$0].id })
    }
}
