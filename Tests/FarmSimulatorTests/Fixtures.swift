import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradePlan

/// Topologies and helpers shared by the simulator tests.
enum Fixtures {
    /// The repository root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Base and target versions of the test farms (a supported ZDU path, docs/ae-model.md section 3 row 6).
    static let base = "24.4.1"
    static let target = "24.4.4"

    /// A small farm: `nodesPerDC` nodes in DC1 (`AE_1A` holds the PWP) and DC2, each with 2 WPs, 2 CPs, 1 JWP,
    /// 1 JCP and 1 REST; NA_DC1 has 10 JCP and 4 CP agents, NA_DC2 6 JCP and 2 CP agents; each NetArea declares
    /// the other as fallback unless `fallback` is false.
    static func small(fallback: Bool = true, nodesPerDC: Int = 1) -> Topology {
        var nodes: [Node] = []
        for (dc, letter) in [("DC1", "A"), ("DC2", "B")] {
            for index in 1...nodesPerDC {
                nodes.append(Node(
                    name: "AE_\(index)\(letter)", datacenter: dc, endpoint: "http://127.0.0.1:0", wps: 2, cps: 2,
                    jwps: 1, jcps: 1, rest: 1, netArea: "NA_\(dc)", pwp: dc == "DC1" && index == 1))
            }
        }
        func area(_ name: String, _ dc: String, _ other: String) -> NetArea {
            NetArea(name: name, datacenter: dc, fallback: fallback ? [other] : [],
                    fallbackMechanism: fallback ? .loadBalancer : nil)
        }
        return Topology(
            system: "PROD", versions: Versions(base: base, target: target), datacenters: ["DC1", "DC2"],
            netAreas: [area("NA_DC1", "DC1", "NA_DC2"), area("NA_DC2", "DC2", "NA_DC1")],
            nodes: nodes,
            agents: [
                AgentGroup(netArea: "NA_DC1", count: 10, connectsTo: .jcp),
                AgentGroup(netArea: "NA_DC1", count: 4, connectsTo: .cp),
                AgentGroup(netArea: "NA_DC2", count: 6, connectsTo: .jcp),
                AgentGroup(netArea: "NA_DC2", count: 2, connectsTo: .cp),
            ],
            policy: Policy(durations: Durations(
                binariesStage: 120, processesStart: 120, agentsReconnect: 30, dbLoad: 1200, wizardStep: 120,
                operation: 10)))
    }

    /// A seed topology of the repository, e.g. `seed-phase2.yaml`.
    static func seed(_ file: String) throws -> Topology {
        try TopologyLoader.load(path: root.appendingPathComponent("plans/" + file).path)
    }

    /// Options of a test farm: manual clock, fixed seed.
    static func options(token: String? = nil) -> SimulationOptions {
        SimulationOptions(clock: .manual, token: token, seed: 7)
    }

    /// A model of the small topology.
    static func model(fallback: Bool = true, nodesPerDC: Int = 1) -> FarmModel {
        FarmModel(topology: small(fallback: fallback, nodesPerDC: nodesPerDC), options: options())
    }

    /// A model of the small topology with 1,200 agents: jobs are submitted in most steps and run on every WP.
    static func busyModel() -> FarmModel {
        var topology = small()
        topology.agents = [
            AgentGroup(netArea: "NA_DC1", count: 500, connectsTo: .jcp),
            AgentGroup(netArea: "NA_DC1", count: 200, connectsTo: .cp),
            AgentGroup(netArea: "NA_DC2", count: 300, connectsTo: .jcp),
            AgentGroup(netArea: "NA_DC2", count: 200, connectsTo: .cp),
        ]
        return FarmModel(topology: topology, options: options())
    }

    /// A model with the target staged on every node and compatibility mode on (wizard step 2 done).
    static func compatible(fallback: Bool = true, nodesPerDC: Int = 1) -> FarmModel {
        var model = model(fallback: fallback, nodesPerDC: nodesPerDC)
        for node in model.nodeNames { model.run(.binariesStage(version: target), on: node, key: "stage-\(node)") }
        model.advance(by: 120)
        model.wizard(.dbLoad(version: target))
        return model
    }
}
