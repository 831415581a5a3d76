@testable import UpgradePlan

/// Topologies built in code for the planner and validator tests (the same farms as plans/*.yaml).
enum CoreFixtures {
    static let seedPolicy = Policy(
        minActiveCPs: 1, minRunningWPs: 2, maxNodesDownPerDC: 1, gateBetweenDCs: .soak(seconds: 600),
        durations: Durations(binariesInstall: 300, processesStart: 120, agentsReconnect: 30))

    static func node(_ name: String, _ datacenter: String, pwp: Bool = false, wps: Int = 4, cps: Int = 2) -> Node {
        Node(
            name: name, datacenter: datacenter, endpoint: "http://127.0.0.1:8100", wps: wps, cps: cps,
            netArea: "NA_\(datacenter)", pwp: pwp)
    }

    /// Seed phase 1: AE_1A (DC1, PWP), AE_1B (DC2); NetAreas fall back to each other.
    static func seedPhase1(policy: Policy = seedPolicy) -> Topology {
        Topology(
            system: "PROD", versions: Versions(base: "21.0.5", target: "24.4.1"), datacenters: ["DC1", "DC2"],
            netAreas: [
                NetArea(name: "NA_DC1", datacenter: "DC1", fallback: ["NA_DC2"]),
                NetArea(name: "NA_DC2", datacenter: "DC2", fallback: ["NA_DC1"]),
            ],
            nodes: [node("AE_1A", "DC1", pwp: true), node("AE_1B", "DC2")],
            agents: [AgentGroup(netArea: "NA_DC1", count: 120), AgentGroup(netArea: "NA_DC2", count: 80)],
            policy: policy)
    }

    /// Seed phase 2: phase 1 plus AE_2A (DC1) and AE_2B (DC2).
    static func seedPhase2(maxNodesDownPerDC: Int = 1) -> Topology {
        var policy = seedPolicy
        policy.maxNodesDownPerDC = maxNodesDownPerDC
        var topology = seedPhase1(policy: policy)
        topology.nodes += [node("AE_2A", "DC1"), node("AE_2B", "DC2")]
        return topology
    }

    /// Three datacenters: phase 2 plus AE_3A in DC3 with its own NetArea.
    static func threeDC() -> Topology {
        var topology = seedPhase2()
        topology.datacenters.append("DC3")
        topology.netAreas = [
            NetArea(name: "NA_DC1", datacenter: "DC1", fallback: ["NA_DC2", "NA_DC3"]),
            NetArea(name: "NA_DC2", datacenter: "DC2", fallback: ["NA_DC1", "NA_DC3"]),
            NetArea(name: "NA_DC3", datacenter: "DC3", fallback: ["NA_DC1", "NA_DC2"]),
        ]
        topology.nodes.append(node("AE_3A", "DC3"))
        topology.agents.append(AgentGroup(netArea: "NA_DC3", count: 60))
        return topology
    }

    /// A bigger farm: `datacenters` DCs of `nodesPerDC` nodes, each NetArea falling back to the next DC's.
    static func farm(datacenters: Int, nodesPerDC: Int, maxNodesDownPerDC: Int) -> Topology {
        let dcs = (1...datacenters).map { "DC\($0)" }
        var policy = seedPolicy
        policy.maxNodesDownPerDC = maxNodesDownPerDC
        return Topology(
            system: "BIG", versions: Versions(base: "21.0.5", target: "24.4.1"), datacenters: dcs,
            netAreas: dcs.indices.map {
                NetArea(name: "NA_\(dcs[$0])", datacenter: dcs[$0], fallback: ["NA_\(dcs[($0 + 1) % datacenters])"])
            },
            nodes: dcs.flatMap { dc in
                (1...nodesPerDC).map { node("AE_\(dc.dropFirst(2))_\($0)", dc, pwp: dc == "DC1" && $0 == 1) }
            },
            agents: dcs.map { AgentGroup(netArea: "NA_\($0)", count: 50) }, policy: policy)
    }

    /// The steps of `plan` as `id <- deps` lines, to compare whole plans in one expectation.
    static func shape(_ plan: Plan) -> [String] {
        plan.steps.map { $0.dependsOn.isEmpty ? $0.id : "\($0.id) <- \($0.dependsOn.joined(separator: " "))" }
    }
}
