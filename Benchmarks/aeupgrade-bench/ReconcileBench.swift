import Foundation
import NodeContract
import Synchronization
import UpgradeOrchestrator
import UpgradePlan

/// Time from `aeupgrade resume` starting its run to the end of its live reconcile: the real
/// `UpgradeRun.execute(.resume)` (lock, journal read and fold, run record) and then what `ResumeBench` stops
/// short of: every node and the system read (from an in-memory farm, so the figure is aeupgrade's own work, not the
/// network's), the drift check of every step the journal says is done, and the in-doubt steps' postconditions.
/// The instant is the forward walk's `runStarted` event; the run is then left to end on its own (the farm answers
/// no POST).
enum ReconcileBench {
    /// A farm on its base processes, read from memory; POSTs are refused.
    struct FarmInMemory: NodeClient {
        let nodes: [String: NodeState]
        let system: SystemState

        init(topology: Topology) {
            var nodes: [String: NodeState] = [:]
            let base = topology.versions.base
            for node in topology.nodes {
                var processes: [ProcessState] = []
                for (kind, count) in [(ProcessKind.wp, node.wps), (.cp, node.cps), (.jwp, node.jwps),
                                      (.jcp, node.jcps), (.rest, node.rest)] where count > 0 {
                    for index in 1...count {
                        processes.append(ProcessState(
                            kind: kind, id: "\(node.name)/\(kind.rawValue)\(index)", state: .running, version: base,
                            pwp: node.pwp && kind == .wp && index == 1))
                    }
                }
                nodes[node.name] = NodeState(
                    name: node.name, datacenter: node.datacenter, netArea: node.netArea, installedVersion: base,
                    stagedVersion: topology.versions.target, processes: processes)
            }
            var areas: [String: NetAreaAgents] = [:]
            for group in topology.agents {
                let key = "\(group.netArea) \(group.connectsTo.rawValue)"
                var area = areas[key] ?? NetAreaAgents(
                    name: group.netArea, via: group.connectsTo == .jcp ? .jcp : .cp, agents: 0, connected: [:],
                    home: 0, disconnected: 0)
                area.agents += group.count
                area.home += group.count
                areas[key] = area
            }
            let pwp = topology.pwpNode.map { PWPLocation(node: $0.name, process: "\($0.name)/WP1") }
            self.nodes = nodes
            self.system = SystemState(
                system: topology.system, pwp: pwp,
                zdu: ZDUState(phase: .compatibility, base: base, target: topology.versions.target), health: .up,
                netAreas: areas.keys.sorted().compactMap { areas[$0] })
        }

        func node(_ name: String) async throws(NodeError) -> NodeState {
            guard let state = nodes[name] else { throw .unknownNode(node: name) }
            return state
        }

        func system(via name: String) async throws(NodeError) -> SystemState { system }

        func post(
            _ name: String, path: String, body: OperationRequest?, idempotencyKey: String
        ) async throws(NodeError) -> NodeContract.Operation {
            throw .setup(message: "reconcile bench: no POST")
        }

        func operation(_ name: String, id: String) async throws(NodeError) -> NodeContract.Operation {
            throw .setup(message: "reconcile bench: no operation")
        }

        func operations(
            _ name: String, keyPrefix: String, state: OperationState?
        ) async throws(NodeError) -> [NodeContract.Operation] { [] }
    }

    /// Median and longest milliseconds of `runs` resumes of a `records`-line journal, to the end of the reconcile.
    static func measure(records: Int, runs: Int, plan: Plan) async throws -> (median: Double, max: Double) {
        let directory = NSTemporaryDirectory() + "aeupgrade-reconcile-bench-\(getpid())-\(records)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let journalText = ResumeBench.journal(plan: plan, records: records)
        let path = UpgradeRun<ContinuousClock>.journalPath(stateDirectory: directory, system: plan.system)
        let client = FarmInMemory(topology: plan.topology)
        var times: [Double] = []
        for _ in 0..<runs {
            try journalText.write(toFile: path, atomically: true, encoding: .utf8)
            let clock = ContinuousClock()
            let seen = ResumeBench.Instant()
            var options = RunOptions(
                stateDirectory: directory, acceptDrift: true, timeScale: 1_000_000, pollInterval: .milliseconds(1),
                retryDelay: .zero)
            options.stepTimeout = .milliseconds(1)
            let run = UpgradeRun(plan: plan, client: client, options: options, clock: clock, emit: { event in
                if case .runStarted(_, _, _, .forward, _) = event { seen.set(clock.now) }
            })
            let start = clock.now
            _ = try? await run.execute(.resume)
            guard let reconciled = seen.value else {
                throw Measurement.Failure(description: "reconcile bench: the run never reached its forward walk")
            }
            times.append((reconciled - start).milliseconds)
        }
        times.sort()
        return (times[times.count / 2], times.last!)
    }

    /// 'reconcile <records> <steps> <median ms> <max ms> <median ms at records/10>'.
    static func run(records: Int, runs: Int, nodes: Int, datacenters: Int, maxDown: Int) async throws -> String {
        let text = FarmGenerator.yaml(nodes: nodes, datacenters: datacenters, maxNodesDownPerDC: maxDown)
        var topology = try TopologyLoader.parse(yaml: text, file: "reconcile-bench.yaml")
        topology.policy.onFailure = .halt
        var plan = try Planner.plan(topology)
        plan.topologyHash = TopologyHash.of(topology)
        let full = try await measure(records: records, runs: runs, plan: plan)
        let tenth = try await measure(records: max(1, records / 10), runs: runs, plan: plan)
        func fmt(_ value: Double) -> String { String(format: "%.2f", value) }
        return "reconcile \(records) \(plan.steps.count) \(fmt(full.median)) \(fmt(full.max)) \(fmt(tenth.median))"
    }
}
