@testable import UpgradePlan

/// Small hand-built plans for plan-file and renderer tests, independent of the planner.
enum PlanSamples {
    /// Two DCs with one node each and a few steps: a stage, a prepare, a gate and one node's first steps.
    static func handBuilt() -> Plan {
        let topology = Topology(
            system: "PROD", versions: Versions(base: "21.0.5", target: "24.4.1"), datacenters: ["DC1", "DC2"],
            netAreas: [
                NetArea(name: "NA_DC1", datacenter: "DC1", fallback: ["NA_DC2"]),
                NetArea(name: "NA_DC2", datacenter: "DC2", fallback: ["NA_DC1"]),
            ],
            nodes: [
                Node(name: "AE_1A", datacenter: "DC1", endpoint: "http://127.0.0.1:8101", wps: 4, cps: 2,
                     netArea: "NA_DC1", pwp: true),
                Node(name: "AE_1B", datacenter: "DC2", endpoint: "http://127.0.0.1:8102", wps: 4, cps: 2,
                     netArea: "NA_DC2"),
            ],
            agents: [AgentGroup(netArea: "NA_DC1", count: 120), AgentGroup(netArea: "NA_DC2", count: 80)],
            policy: Policy(minRunningWPs: 2, gateBetweenDCs: .approval))
        let steps = [
            Step(id: "DC2/AE_1B/binaries.stage", kind: .binariesStage, nodes: ["AE_1B"], dependsOn: [],
                 estimateSeconds: 120, inverse: nil, datacenter: "DC2", precondition: "binaries of 24.4.1 available",
                 postcondition: "AE_1B stagedVersion == 24.4.1"),
            Step(id: "DC2/AE_1B/cp.standby", kind: .cpStandby, nodes: ["AE_1B"],
                 dependsOn: ["DC2/AE_1B/binaries.stage"], estimateSeconds: 10, inverse: .cpActivate,
                 datacenter: "DC2", precondition: "another CP is active", postcondition: "AE_1B CPs standby"),
            Step(id: "gate/DC1", kind: .gate, nodes: [], dependsOn: ["DC2/AE_1B/cp.standby"], estimateSeconds: 600,
                 inverse: nil, datacenter: "DC1", gate: .soak(seconds: 600)),
            Step(id: "DC1/AE_1B+AE_1A/pwp.handover", kind: .pwpHandover, nodes: ["AE_1A", "AE_1B"],
                 dependsOn: ["gate/DC1"], estimateSeconds: 10, inverse: .pwpHandover, datacenter: "DC1"),
            Step(id: "zdu.finalize", kind: .zduFinalize, nodes: [], dependsOn: ["DC1/AE_1B+AE_1A/pwp.handover"],
                 estimateSeconds: 10, inverse: nil),
        ]
        return Plan(system: "PROD", topologyHash: "", topology: topology, criticalPathSeconds: 750, steps: steps)
    }
}
