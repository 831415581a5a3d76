/// Cuts a plan's topological order into segments such that every reachable set of completed steps contains all
/// segments before some segment k, part of segment k, and nothing after it.
///
/// A prefix P of the order is a cut when every step outside P whose dependencies are all in P depends directly on
/// every maximal step of P (then every step outside P waits, transitively, for all of P). Linear in practice: only
/// the smallest ready step is tested unless it passes.
enum Segments {
    /// The segments of `plan`, each a list of global step indices in topological order.
    static func of(_ plan: CompiledPlan) -> [[Int]] {
        let graph = plan.graph
        var remaining = graph.dependencies.map(\.count)
        var heap = MinHeap()
        for vertex in 0..<graph.count where remaining[vertex] == 0 { heap.push(vertex) }
        var frontier: [Int] = []
        var frontierPosition = [Int](repeating: -1, count: graph.count)
        var stamp = [Int](repeating: -1, count: graph.count)
        var segments: [[Int]] = []
        var current: [Int] = []
        var checks = 0
        while let vertex = heap.pop() {
            current.append(vertex)
            for dep in graph.dependencies[vertex] where frontierPosition[dep] >= 0 {
                let position = frontierPosition[dep]
                let last = frontier.removeLast()
                if last != dep {
                    frontier[position] = last
                    frontierPosition[last] = position
                }
                frontierPosition[dep] = -1
            }
            frontierPosition[vertex] = frontier.count
            frontier.append(vertex)
            for next in graph.dependents[vertex] {
                remaining[next] -= 1
                if remaining[next] == 0 { heap.push(next) }
            }
            func coversFrontier(_ ready: Int) -> Bool {
                let deps = graph.dependencies[ready]
                if deps.count < frontier.count { return false }
                checks += 1
                for dep in deps { stamp[dep] = checks }
                return frontier.allSatisfy { stamp[$0] == checks }
            }
            if let first = heap.min, coversFrontier(first), heap.values.allSatisfy(coversFrontier) {
                segments.append(current)
                current = []
            }
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }
}
