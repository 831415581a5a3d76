import Foundation
import Testing
@testable import UpgradePlan

/// The example topologies in plans/ load and say what they should.
@Suite struct TopologyLoaderSeedTests {
    static let plansDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("plans")

    static func load(_ name: String) throws -> Topology {
        try TopologyLoader.load(path: plansDirectory.appendingPathComponent(name).path)
    }

    @Test func seedPhase1() throws {
        let topology = try Self.load("seed-phase1.yaml")
        #expect(topology.system == "PROD")
        #expect(topology.versions == Versions(base: "24.4.1", target: "24.4.4"))
        #expect(topology.datacenters == ["DC1", "DC2"])
        #expect(topology.nodes.map(\.name) == ["AE_1A", "AE_1B"])
        #expect(topology.pwpNode?.name == "AE_1A")
        #expect(topology.netArea(named: "NA_DC1")?.fallback == ["NA_DC2"])
        #expect(topology.netArea(named: "NA_DC1")?.fallbackMechanism == .loadBalancer)
        #expect(topology.agentCount(in: "NA_DC1") == 120)
        #expect(topology.agentCount(in: "NA_DC1", via: .jcp) == 100)
        #expect(topology.agentCount(in: "NA_DC2", via: .cp) == 10)
        #expect(topology.node(named: "AE_1A").map { [$0.wps, $0.cps, $0.jwps, $0.jcps, $0.rest] } == [4, 2, 1, 1, 1])
        #expect(topology.node(named: "AE_1B")?.endpoint == "http://127.0.0.1:8102")
        let policy = topology.policy
        #expect(policy.minActiveCPs == 1)
        #expect(policy.minRunningWPs == 2)
        #expect(policy.maxNodesDownPerDC == 1)
        #expect(policy.gateBetweenDCs == .soak(seconds: 600))
        #expect(policy.zduPathConfirmed == false)
        #expect(policy.onFailure == .rollback)
        #expect(policy.durations.dbLoad == 1200)
        #expect(policy.durations.processesStart == 120)
        #expect(policy.durations.agentsReconnect == 30)
    }

    @Test func seedPhase2() throws {
        let topology = try Self.load("seed-phase2.yaml")
        #expect(topology.nodes.map(\.name) == ["AE_1A", "AE_1B", "AE_2A", "AE_2B"])
        #expect(topology.nodes.filter { $0.datacenter == "DC1" }.map(\.name) == ["AE_1A", "AE_2A"])
        #expect(topology.node(named: "AE_2B")?.endpoint == "http://127.0.0.1:8104")
    }

    @Test func threeDC() throws {
        let topology = try Self.load("three-dc.yaml")
        #expect(topology.datacenters == ["DC1", "DC2", "DC3"])
        #expect(topology.netArea(named: "NA_DC3")?.fallback == ["NA_DC1", "NA_DC2"])
        #expect(topology.netArea(named: "NA_DC3")?.fallbackMechanism == .dns)
        // Unsaid connectsTo on 24.4: JCP, as the version documents for Windows/UNIX/Java agents (AE-JCP-1).
        #expect(topology.agentCount(in: "NA_DC3", via: .jcp) == 60)
        #expect(topology.node(named: "AE_3A")?.datacenter == "DC3")
    }
}
