import FarmSimulator
import NodeContract
import UpgradePlan

/// Topologies and helpers shared by the simulator tests.
enum Fixtures {
    /// Seed phase 1: AE_1A (DC1, PWP) and AE_1B (DC2), 4 WPs and 2 CPs each, 120 + 80 agents.
    static func seed(fallback: Bool = true, nodesPerDC: Int = 1) -> Topology {
        var nodes: [Node] = []
        for (dc, letter) in [("DC1", "A"), ("DC2", "B")] {
            for index in 1...nodesPerDC {
                nodes.append(Node(
                    name: "AE_\(index)\(letter)", datacenter: dc, endpoint: "http://127.0.0.1:0", wps: 4, cps: 2,
                    netArea: "NA_\(dc)", pwp: dc == "DC1" && index == 1))
            }
        }
        return Topology(
            system: "PROD", versions: Versions(base: "21.0.5", target: "24.4.1"), datacenters: ["DC1", "DC2"],
            netAreas: [
                NetArea(name: "NA_DC1", datacenter: "DC1", fallback: fallback ? ["NA_DC2"] : []),
                NetArea(name: "NA_DC2", datacenter: "DC2", fallback: fallback ? ["NA_DC1"] : []),
            ],
            nodes: nodes,
            agents: [AgentGroup(netArea: "NA_DC1", count: 120), AgentGroup(netArea: "NA_DC2", count: 80)],
            policy: Policy(durations: Durations(
                binariesInstall: 300, processesStart: 120, agentsReconnect: 30, binariesStage: 120, operation: 10)))
    }

    /// Options of a test farm: manual clock, fixed seed.
    static func options(token: String? = nil) -> SimulationOptions {
        SimulationOptions(clock: .manual, token: token, seed: 7)
    }

    /// Runs `body` with a farm started on free loopback ports (manual clock) and stops the farm afterwards.
    static func withFarm(
        _ topology: Topology = seed(), token: String? = nil, _ body: (SimulatedFarm) async throws -> Void
    ) async throws {
        let farm = try await SimulatedFarm.start(topology: topology, options: options(token: token))
        do { try await body(farm) } catch {
            await farm.stop()
            throw error
        }
        await farm.stop()
    }

    /// A model of the seed topology.
    static func model(fallback: Bool = true) -> FarmModel {
        FarmModel(topology: seed(fallback: fallback), options: options())
    }
}

extension FarmModel {
    /// Submits a command and returns the operation, or nil when refused.
    @discardableResult
    mutating func run(_ command: Command, on node: String, key: String) -> Operation? {
        if case .accepted(let operation, _) = submit(command, on: node, key: key) { return operation }
        return nil
    }

    /// The problem a command is refused with, or nil when accepted.
    mutating func refusal(_ command: Command, on node: String, key: String) -> Problem? {
        if case .rejected(let problem) = submit(command, on: node, key: key) { return problem }
        return nil
    }

    /// The state of every process of a node.
    func states(_ node: String) -> [ProcessRunState] {
        nodeState(node)!.processes.map(\.state)
    }

    /// The CP modes of a node.
    func cpModes(_ node: String) -> [CPMode] {
        nodeState(node)!.processes.compactMap(\.cpMode)
    }

    /// Agents of a NetArea connected to CPs of the given node.
    func agents(of netArea: String, on node: String) -> Int {
        let area = systemState().netAreas.first { $0.name == netArea }!
        return area.connected.filter { $0.key.hasPrefix(node + "/") }.values.reduce(0, +)
    }
}
