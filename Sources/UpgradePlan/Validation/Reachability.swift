/// Ancestor sets of every step as bitsets, for small plans (quadratic memory): answers "must a finish before b".
struct Reachability {
    private let words: Int
    private var bits: [UInt64]

    /// Computes the ancestors of every step of `graph` (steps on a cycle get partial sets).
    init(_ graph: StepGraph) {
        words = (graph.count + 63) / 64
        bits = [UInt64](repeating: 0, count: words * graph.count)
        for vertex in graph.topologicalOrder() {
            for dep in graph.dependencies[vertex] {
                bits[vertex * words + dep / 64] |= 1 << UInt64(dep % 64)
                for word in 0..<words { bits[vertex * words + word] |= bits[dep * words + word] }
            }
        }
    }

    /// Whether `ancestor` must be done before `vertex` starts (a path of dependencies leads from one to the other).
    func reaches(_ ancestor: Int, _ vertex: Int) -> Bool {
        bits[vertex * words + ancestor / 64] & (1 << UInt64(ancestor % 64)) != 0
    }
}
