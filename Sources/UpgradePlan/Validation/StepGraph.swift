/// A plan's DAG with steps indexed by integer: dependency and dependent adjacency arrays in plan order.
///
/// Unknown dependency ids and duplicates are dropped here (the validator reports them separately).
struct StepGraph {
    /// Number of steps.
    let count: Int
    /// Index of each step id (the first step with that id when ids repeat).
    let index: [String: Int]
    /// For each step, the indices of the steps it depends on, ascending.
    let dependencies: [[Int]]
    /// For each step, the indices of the steps that depend on it, ascending.
    let dependents: [[Int]]
    /// Positions of steps whose id an earlier step already has.
    let duplicates: [Int]

    /// Indexes the steps of `plan`.
    init(_ plan: Plan) {
        count = plan.steps.count
        var index: [String: Int] = [:]
        index.reserveCapacity(count)
        var duplicates: [Int] = []
        for position in plan.steps.indices {
            if index.updateValue(position, forKey: plan.steps[position].id) != nil { duplicates.append(position) }
        }
        // Keep the first step of each repeated id.
        for position in duplicates.reversed() {
            let id = plan.steps[position].id
            if let first = plan.steps.firstIndex(where: { $0.id == id }) { index[id] = first }
        }
        self.duplicates = duplicates
        var dependencies = [[Int]](repeating: [], count: count)
        var dependents = [[Int]](repeating: [], count: count)
        for position in plan.steps.indices {
            let dependsOn = plan.steps[position].dependsOn
            var deps: [Int] = []
            deps.reserveCapacity(dependsOn.count)
            for id in dependsOn {
                if let dep = index[id], dep != position { deps.append(dep) }
            }
            deps.sort()
            var unique: [Int] = []
            unique.reserveCapacity(deps.count)
            for dep in deps where unique.last != dep { unique.append(dep) }
            dependencies[position] = unique
            for dep in unique { dependents[dep].append(position) }
        }
        self.index = index
        self.dependencies = dependencies
        self.dependents = dependents
    }

    /// The steps in a stable topological order (Kahn's algorithm, smallest plan position first); steps on or
    /// behind a cycle are missing from the result.
    func topologicalOrder() -> [Int] {
        var remaining = dependencies.map(\.count)
        var heap = MinHeap()
        for vertex in 0..<count where remaining[vertex] == 0 { heap.push(vertex) }
        var order: [Int] = []
        order.reserveCapacity(count)
        while let vertex = heap.pop() {
            order.append(vertex)
            for next in dependents[vertex] {
                remaining[next] -= 1
                if remaining[next] == 0 { heap.push(next) }
            }
        }
        return order
    }
}

/// A binary min-heap of integers.
struct MinHeap {
    private var items: [Int] = []

    /// Whether the heap is empty.
    var isEmpty: Bool { items.isEmpty }

    /// The smallest value, without removing it.
    var min: Int? { items.first }

    /// Every value, in no particular order.
    var values: [Int] { items }

    /// Adds a value.
    mutating func push(_ value: Int) {
        items.append(value)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if items[parent] <= items[child] { break }
            items.swapAt(parent, child)
            child = parent
        }
    }

    /// Removes and returns the smallest value.
    mutating func pop() -> Int? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < items.count && items[left] < items[smallest] { smallest = left }
                if right < items.count && items[right] < items[smallest] { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }
}
