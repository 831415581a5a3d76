@testable import UpgradePlan

/// Topologies built in code for the planner and validator tests (the same farms as plans/*.yaml).
enum CoreFixtures {
    static let seedPolicy = Policy(
        minActiveCPs: 1, minRunningWPs: 2, maxNodesDownPerDC: 1, gateBetweenDCs: .soak(seconds: 600),
        durations: Durations(binariesStage: 120, processesStart: 120, agentsReconnect: 30, dbLoad: 1200,
                             wizardStep: 120))

    static func node(_ name: String, _ datacenter: String, pwp: Bool = false, wps: Int = 4, cps: Int = 2,
                     jcps: Int = 1) -> Node {
        Node(
            name: name, datacenter: datacenter, endpoint: "http://127.0.0.1:8100", wps: wps, cps: cps, jwps: 1,
            jcps: jcps, rest: 1, netArea: "NA_\(datacenter)", pwp: pwp)
    }

    static func netArea(_ datacenter: String, fallback: [String], _ mechanism: FallbackMechanism = .loadBalancer)
        -> NetArea
    {
        NetArea(name: "NA_\(datacenter)", datacenter: datacenter, fallback: fallback.map { "NA_\($0)" },
                fallbackMechanism: fallback.isEmpty ? nil : mechanism)
    }

    /// JCP agents and CP agents of one NetArea.
    static func agents(_ datacenter: String, jcp: Int, cp: Int) -> [AgentGroup] {
        [AgentGroup(netArea: "NA_\(datacenter)", count: jcp, connectsTo: .jcp),
         AgentGroup(netArea: "NA_\(datacenter)", count: cp, connectsTo: .cp)]
    }

    /// Seed phase 1: AE_1A (DC1, PWP), AE_1B (DC2); NetAreas fall back to each other through a load balancer.
    static func seedPhase1(policy: Policy = seedPolicy) -> Topology {
        Topology(
            system: "PROD", versions: Versions(base: "24.4.1", target: "24.4.4"), datacenters: ["DC1", "DC2"],
            netAreas: [netArea("DC1", fallback: ["DC2"]), netArea("DC2", fallback: ["DC1"])],
            nodes: [node("AE_1A", "DC1", pwp: true), node("AE_1B", "DC2")],
            agents: agents("DC1", jcp: 100, cp: 20) + agents("DC2", jcp: 70, cp: 10),
            policy: policy)
    }

    /// Seed phase 2: phase 1 plus AE_2A (DC1) and AE_2B (DC2).
    static func seedPhase2(maxNodesDownPerDC: Int = 1) -> Topology {
        var policy = seedPolicy
        policy.maxNodesDownPerDC = maxNodesDownPerDC
        var topology = seedPhase1(policy: policy)
        topology.nodes.insert(node("AE_2A", "DC1"), at: 2)
        topology.nodes.append(node("AE_2B", "DC2"))
        return topology
    }

    /// Three datacenters: phase 2 plus AE_3A in DC3 with its own NetArea; fallbacks through DNS.
    static func threeDC() -> Topology {
        var topology = seedPhase2()
        topology.datacenters.append("DC3")
        topology.netAreas = [
            netArea("DC1", fallback: ["DC2", "DC3"], .dns), netArea("DC2", fallback: ["DC1", "DC3"], .dns),
            netArea("DC3", fallback: ["DC1", "DC2"], .dns),
        ]
        topology.nodes.append(node("AE_3A", "DC3"))
        topology.agents = agents("DC1", jcp: 100, cp: 20) + [
            AgentGroup(netArea: "NA_DC2", count: 80, connectsTo: .jcp),
            AgentGroup(netArea: "NA_DC3", count: 60, connectsTo: .jcp),
        ]
        return topology
    }

    /// A bigger farm: `datacenters` DCs of `nodesPerDC` nodes, each NetArea falling back to the next DC's.
    static func farm(datacenters: Int, nodesPerDC: Int, maxNodesDownPerDC: Int) -> Topology {
        let dcs = (1...datacenters).map { "DC\($0)" }
        var policy = seedPolicy
        policy.maxNodesDownPerDC = maxNodesDownPerDC
        return Topology(
            system: "BIG", versions: Versions(base: "24.4.1", target: "24.4.4"), datacenters: dcs,
            netAreas: dcs.indices.map { netArea(dcs[$0], fallback: datacenters > 1 ? [dcs[($0 + 1) % datacenters]] : []) },
            nodes: dcs.flatMap { dc in
                (1...nodesPerDC).map { node("AE_\(dc.dropFirst(2))_\($0)", dc, pwp: dc == "DC1" && $0 == 1) }
            },
            agents: dcs.flatMap { agents($0, jcp: 40, cp: 10) }, policy: policy)
    }

    /// The steps of `plan` as `id <- deps` lines, to compare whole plans in one expectation.
    static func shape(_ plan: Plan) -> [String] {
        plan.steps.map { $0.dependsOn.isEmpty ? $0.id : "\($0.id) <- \($0.dependsOn.joined(separator: " "))" }
    }
}
