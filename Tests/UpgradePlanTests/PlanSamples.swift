@testable import UpgradePlan

/// Small hand-built plans for plan-file and renderer tests, independent of the planner.
enum PlanSamples {
    /// Two DCs with one node each and a few steps: a stage, the first drain, a gate, the switch and finalize.
    static func handBuilt() -> Plan {
        let topology = Topology(
            system: "PROD", versions: Versions(base: "24.4.1", target: "24.4.4"), datacenters: ["DC1", "DC2"],
            netAreas: [
                NetArea(name: "NA_DC1", datacenter: "DC1", fallback: ["NA_DC2"], fallbackMechanism: .loadBalancer),
                NetArea(name: "NA_DC2", datacenter: "DC2", fallback: ["NA_DC1"], fallbackMechanism: .loadBalancer),
            ],
            nodes: [
                Node(name: "AE_1A", datacenter: "DC1", endpoint: "http://127.0.0.1:8101", wps: 4, cps: 2, jwps: 1,
                     jcps: 1, rest: 1, netArea: "NA_DC1", pwp: true),
                Node(name: "AE_1B", datacenter: "DC2", endpoint: "http://127.0.0.1:8102", wps: 4, cps: 2, jwps: 1,
                     jcps: 1, rest: 1, netArea: "NA_DC2"),
            ],
            agents: [AgentGroup(netArea: "NA_DC1", count: 120, connectsTo: .jcp),
                     AgentGroup(netArea: "NA_DC2", count: 80, connectsTo: .jcp)],
            policy: Policy(minRunningWPs: 2, gateBetweenDCs: .approval))
        let steps = [
            Step(id: "DC2/AE_1B/binaries.stage", kind: .binariesStage, nodes: ["AE_1B"], dependsOn: [],
                 estimateSeconds: 120, inverse: nil, datacenter: "DC2", precondition: "AE_1B reachable",
                 postcondition: "AE_1B stagedVersion == 24.4.4 (own directory)"),
            Step(id: "DC2/AE_1B/cp.drain", kind: .cpDrain, nodes: ["AE_1B"],
                 dependsOn: ["DC2/AE_1B/binaries.stage"], estimateSeconds: 10, inverse: nil,
                 datacenter: "DC2", precondition: "other CPs/JCPs serve", postcondition: "base CPs/JCPs of AE_1B stopped"),
            Step(id: "gate/DC1", kind: .gate, nodes: [], dependsOn: ["DC2/AE_1B/cp.drain"], estimateSeconds: 600,
                 inverse: nil, datacenter: "DC1", gate: .soak(seconds: 600)),
            Step(id: "zdu.switch", kind: .zduSwitch, nodes: [], dependsOn: ["gate/DC1"], estimateSeconds: 120,
                 inverse: .zduRollback),
            Step(id: "zdu.finalize", kind: .zduFinalize, nodes: [], dependsOn: ["zdu.switch"],
                 estimateSeconds: 120, inverse: nil),
        ]
        return Plan(system: "PROD", topologyHash: "", topology: topology, criticalPathSeconds: 970, steps: steps)
    }
}
