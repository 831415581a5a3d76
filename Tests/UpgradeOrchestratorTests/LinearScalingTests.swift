import Foundation
import NodeContract
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// The rollback planner and the resume drift check are linear in the number of steps: ten times the farm takes
/// about ten times as long, never a hundred (a search per step would). Measured off the cooperative pool, best of
/// three, on synthetic plans (one node per four steps, every step done).
@Suite("linear in the number of steps", .serialized)
struct LinearScalingTests {
    /// A plan of `nodes` nodes, each with cp.drain -> wp.stop -> target.start -> target.verify, and a live state
    /// in which every node runs its target processes.
    static func farm(_ nodes: Int) -> (Plan, LiveState) {
        let names = (0..<nodes).map { String(format: "AE_%05d", $0) }
        let topology = Topology(
            system: "PROD", versions: Versions(base: "24.4.1", target: "24.4.4"), datacenters: ["DC1"],
            netAreas: [NetArea(name: "NA", datacenter: "DC1")],
            nodes: names.map { Node(name: $0, datacenter: "DC1", endpoint: "http://127.0.0.1:1", wps: 1, cps: 1,
                netArea: "NA", pwp: $0 == names[0]) },
            agents: [])
        var steps: [Step] = []
        for name in names {
            var previous: String?
            for kind in [StepKind.cpDrain, .wpStop, .targetStart, .targetVerify] {
                let id = "DC1/\(name)/\(kind.rawValue)"
                steps.append(Step(id: id, kind: kind, nodes: [name], dependsOn: previous.map { [$0] } ?? [],
                    estimateSeconds: 1, inverse: nil, datacenter: "DC1"))
                previous = id
            }
        }
        let plan = Plan(system: "PROD", topologyHash: "", topology: topology, criticalPathSeconds: 4, steps: steps)
        var states: [String: NodeState] = [:]
        for name in names {
            states[name] = NodeState(name: name, datacenter: "DC1", netArea: "NA", installedVersion: "24.4.1",
                stagedVersion: "24.4.4", processes: [
                    ProcessState(kind: .wp, id: "\(name)/WP1", state: .stopped, version: "24.4.1"),
                    ProcessState(kind: .cp, id: "\(name)/CP1", state: .stopped, version: "24.4.1"),
                    ProcessState(kind: .wp, id: "\(name)/WP1@24.4.4", state: .running, version: "24.4.4"),
                    ProcessState(kind: .cp, id: "\(name)/CP1@24.4.4", state: .running, version: "24.4.4"),
                ])
        }
        let system = SystemState(system: "PROD", pwp: PWPLocation(node: names[0], process: "\(names[0])/WP1@24.4.4"),
            zdu: ZDUState(phase: .compatibility, base: "24.4.1", target: "24.4.4"), health: .up, netAreas: [])
        return (plan, LiveState(nodes: states, system: system))
    }

    static func best(_ work: () -> Void) -> Duration {
        (0..<3).map { _ in ContinuousClock().measure(work) }.min()!
    }

    /// Seconds for the small and the ten-times-larger farm.
    static func scaling(_ work: @escaping @Sendable (Plan, LiveState) -> Void) async -> (small: Duration, large: Duration) {
        await withCheckedContinuation { done in
            DispatchQueue.global().async {
                let small = farm(1_500)
                let large = farm(15_000)
                done.resume(returning: (best { work(small.0, small.1) }, best { work(large.0, large.1) }))
            }
        }
    }

    @Test func theRollbackPlannerIsLinear() async throws {
        let (small, large) = await Self.scaling { plan, _ in
            let done = Set(plan.steps.map(\.id))
            let steps = try? RollbackPlanner.plan(plan, done: done, inDoubt: [], phase: .compatibility)
            precondition(steps?.count == plan.topology.nodes.count)
        }
        #expect(large <= small * 30 + .milliseconds(100), "1,500 nodes: \(small); 15,000 nodes: \(large)")
    }

    @Test func theResumeDriftCheckIsLinear() async throws {
        let (small, large) = await Self.scaling { plan, live in
            let journal = JournalState(records: [])
            var state = journal
            state.done = Set(plan.steps.map(\.id))
            precondition(DriftCheck.resumeDifferences(plan, journal: state, live: live).isEmpty)
        }
        #expect(large <= small * 30 + .milliseconds(100), "1,500 nodes: \(small); 15,000 nodes: \(large)")
    }
}
