/// Checks one segment of a plan from one entry state: splits it into independent components, explores each, and
/// combines their extremes per invariant (exact, because any combination of component states is reachable).
struct SegmentCheck {
    /// A violation found in the segment: the invariant and, per component, the state that shows it.
    struct Candidate {
        var invariant: Invariant
        var picks: [(component: Int, projection: Int)]
        var cost: Int
    }

    let plan: CompiledPlan
    let components: [Component]
    /// Steps of the segment that change nothing (stage, await, verify, gate) and sit in no component.
    let inert: [Int]
    /// Index of the component that changes the ZDU phase, if any.
    let primary: Int?

    /// Splits `segment` (topological order) from `entry`; nil when a component has more than `limit` states.
    /// `scratch` is reused between segments to avoid per-segment tables.
    init?(_ plan: CompiledPlan, segment: [Int], entry: FarmState, limit: Int, scratch: Scratch) {
        self.plan = plan
        for (position, step) in segment.enumerated() { scratch.local[step] = position }
        defer {
            for step in segment { scratch.local[step] = -1 }
        }
        var parent = Array(segment.indices)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        func union(_ a: Int, _ b: Int) { parent[find(a)] = find(b) }
        let pwpToken = plan.farm.count
        let phaseToken = plan.farm.count + 1
        var owned: [Int] = []
        defer {
            for token in owned { scratch.owner[token] = -1 }
        }
        var touches = [[Int]](repeating: [], count: segment.count)
        for (position, step) in segment.enumerated() {
            var tokens: [Int] = []
            let a = Int(plan.nodeA[step])
            switch plan.kind[step] {
            case .cpDrain, .wpStop, .targetStart, .targetStop: tokens = [a]
            case .zduDBLoad, .zduRollback: tokens = [phaseToken]
            case .zduSwitch:
                // The switch picks the PWP among the nodes whose target processes run: it reads every node.
                tokens = [phaseToken, pwpToken] + Array(0..<plan.farm.count)
            case .zduFinalize:
                tokens = [phaseToken] + (0..<plan.farm.count).filter { entry.nodes[$0] & NodeBits.base != 0 }
            case .binariesStage, .agentsAwaitReconnect, .targetVerify, .gate: tokens = []
            }
            tokens = tokens.filter { $0 >= 0 }
            if tokens.contains(Int(entry.pwp)) { tokens.append(pwpToken) }
            touches[position] = tokens
            for token in tokens {
                let other = scratch.owner[token]
                if other >= 0 {
                    union(position, other)
                } else {
                    scratch.owner[token] = position
                    owned.append(token)
                }
            }
            for dep in plan.graph.dependencies[step] {
                let other = scratch.local[dep]
                if other >= 0 { union(position, other) }
            }
        }
        var groups: [Int: [Int]] = [:]
        var roots: [Int] = []
        for position in segment.indices {
            let root = find(position)
            if groups[root] == nil { roots.append(root) }
            groups[root, default: []].append(position)
        }
        var components: [Component] = []
        var inert: [Int] = []
        var primary: Int?
        for root in roots {
            let members = groups[root]!
            let tokens = Set(members.flatMap { touches[$0] })
            if tokens.isEmpty {
                inert += members.map { segment[$0] }
                continue
            }
            var nodes = tokens.filter { $0 < plan.farm.count }.sorted()
            if tokens.contains(pwpToken), entry.pwp >= 0, !nodes.contains(Int(entry.pwp)) {
                nodes.append(Int(entry.pwp))
                nodes.sort()
            }
            guard let component = Component(
                plan, steps: members.map { segment[$0] }, nodes: nodes, hasPWP: tokens.contains(pwpToken),
                hasPhase: tokens.contains(phaseToken), entry: entry, limit: limit)
            else { return nil }
            if component.hasPhase { primary = components.count }
            components.append(component)
        }
        self.components = components
        self.inert = inert
        self.primary = primary
    }

    /// States explored in this segment.
    var statesChecked: Int { components.reduce(0) { $0 + $1.explored.count } }
}

/// Tables `SegmentCheck` reuses from one segment to the next (all entries -1 between uses).
final class Scratch {
    /// Position in the current segment of each step.
    var local: [Int]
    /// First position in the current segment touching each token (node, PWP, phase).
    var owner: [Int]

    init(_ plan: CompiledPlan) {
        local = [Int](repeating: -1, count: plan.graph.count)
        owner = [Int](repeating: -1, count: plan.farm.count + 2)
    }
}
