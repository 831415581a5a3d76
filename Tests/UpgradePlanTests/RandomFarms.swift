@testable import UpgradePlan

/// A small deterministic random generator (SplitMix64), so a failing seed reproduces.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random small topologies and random hand edits of plans, for the fast == exhaustive property test.
enum RandomFarms {
    /// A random farm of 1-4 datacenters with 1-3 nodes each (WPs, CPs, JCPs), random declared fallbacks, CP and
    /// JCP agents, and a random policy.
    static func topology(_ rng: inout SplitMix) -> Topology {
        let dcs = (1...Int.random(in: 1...4, using: &rng)).map { "DC\($0)" }
        var netAreas: [NetArea] = []
        for dc in dcs {
            let fallback = dcs.filter { $0 != dc && Int.random(in: 0...3, using: &rng) > 0 }.map { "NA_\($0)" }
            netAreas.append(NetArea(name: "NA_\(dc)", datacenter: dc, fallback: fallback,
                                    fallbackMechanism: fallback.isEmpty ? nil : .dns))
        }
        var nodes: [Node] = []
        for dc in dcs {
            for letter in ["A", "B", "C"].prefix(Int.random(in: 1...3, using: &rng)) {
                nodes.append(Node(
                    name: "AE_\(dc.dropFirst(2))\(letter)", datacenter: dc, endpoint: "http://127.0.0.1:1",
                    wps: Int.random(in: 0...3, using: &rng), cps: Int.random(in: 0...2, using: &rng),
                    jwps: 1, jcps: Int.random(in: 0...1, using: &rng), rest: 1, netArea: "NA_\(dc)"))
            }
        }
        let pwp = Int.random(in: 0..<nodes.count, using: &rng)
        nodes[pwp].pwp = true
        nodes[pwp].wps = max(1, nodes[pwp].wps)
        var agents: [AgentGroup] = []
        for dc in dcs {
            if Bool.random(using: &rng) {
                agents.append(AgentGroup(netArea: "NA_\(dc)", count: Int.random(in: 10...100, using: &rng), connectsTo: .jcp))
            }
            if Int.random(in: 0...2, using: &rng) == 0 {
                agents.append(AgentGroup(netArea: "NA_\(dc)", count: Int.random(in: 1...20, using: &rng), connectsTo: .cp))
            }
        }
        let gates: [Gate] = [.soak(seconds: 60), .approval, .none]
        let policy = Policy(
            minActiveCPs: Int.random(in: 0...1, using: &rng), minRunningWPs: Int.random(in: 0...3, using: &rng),
            maxNodesDownPerDC: Int.random(in: 1...2, using: &rng), gateBetweenDCs: gates.randomElement(using: &rng)!)
        return Topology(
            system: "RND", versions: Versions(base: "24.4.1", target: "24.4.4"), datacenters: dcs, netAreas: netAreas,
            nodes: nodes, agents: agents, policy: policy)
    }

    /// `plan` after a random edit that keeps it well-formed (no cycle, finalize still ordered with every step),
    /// so the checkers compare on invariants; after 8 tries, whatever edit came last.
    static func mutateKeepingStructure(_ plan: Plan, _ rng: inout SplitMix) -> Plan {
        var edited = plan
        for _ in 0..<8 {
            edited = mutate(plan, &rng)
            if case .success = CompiledPlan.compile(edited) { return edited }
        }
        return edited
    }

    /// `plan` after one random edit: drop or add a dependency, swap two steps' dependencies, remove a step, or
    /// move a node step to another node.
    static func mutate(_ plan: Plan, _ rng: inout SplitMix) -> Plan {
        var plan = plan
        let count = plan.steps.count
        let a = Int.random(in: 0..<count, using: &rng)
        let b = Int.random(in: 0..<count, using: &rng)
        switch Int.random(in: 0...4, using: &rng) {
        case 0:
            if !plan.steps[a].dependsOn.isEmpty {
                plan.steps[a].dependsOn.remove(at: Int.random(in: 0..<plan.steps[a].dependsOn.count, using: &rng))
            }
        case 1:
            if a != b && !plan.steps[b].dependsOn.contains(plan.steps[a].id) {
                plan.steps[b].dependsOn = (plan.steps[b].dependsOn + [plan.steps[a].id]).sorted()
            }
        case 2:
            let deps = plan.steps[a].dependsOn
            plan.steps[a].dependsOn = plan.steps[b].dependsOn.filter { $0 != plan.steps[a].id }
            plan.steps[b].dependsOn = deps.filter { $0 != plan.steps[b].id }
        case 3:
            plan = plan.removing(plan.steps[a].id)
        default:
            if plan.steps[a].kind.isNodeStep, let other = plan.topology.nodes.randomElement(using: &rng) {
                plan.steps[a].nodes = [other.name]
            }
        }
        return plan
    }
}
