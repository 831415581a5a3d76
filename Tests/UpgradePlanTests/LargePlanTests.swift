import Testing
@testable import UpgradePlan

@Suite("Validator on large plans")
struct LargePlanTests {
    /// 3 DCs x 8 nodes, 3 nodes down at once per DC: far too many states for the exhaustive checker.
    static func plan() throws -> Plan {
        try Planner.plan(CoreFixtures.farm(datacenters: 3, nodesPerDC: 8, maxNodesDownPerDC: 3))
    }

    @Test("a wide planner-made plan is out of the exhaustive checker's reach and proven by the fast one")
    func wideValid() throws {
        let plan = try Self.plan()
        #expect(ExhaustiveChecker.check(plan, limit: 20_000) == nil)
        let result = Validator.validate(plan)
        #expect(result.isValid)
        #expect(FastChecker.brokenInvariants(plan) == [])
    }

    @Test("two batches of one DC started together: invariant 8 after the fourth node goes to standby")
    func twoBatchesAtOnce() throws {
        let plan = try Self.plan()
        // DC2's batches are AE_2_1..3, AE_2_4..6, AE_2_7..8: start the second batch with the first.
        let first = try #require(plan.step(id: "DC2/AE_2_1/cp.standby"))
        let edited = plan.setting("DC2/AE_2_4/cp.standby", dependsOn: first.dependsOn)
        let violation = try #require(Validator.validate(edited).violation)
        #expect(violation.invariant == .maxNodesDownPerDC)
        // Shortest: the 24 stages, zdu.prepare, then four standbys of DC2 (the limit is 3).
        let stages = plan.steps.prefix(25).map(\.id)
        #expect(Array(violation.sequence.prefix(25)) == stages)
        #expect(Array(violation.sequence.dropFirst(25)) == [
            "DC2/AE_2_1/cp.standby", "DC2/AE_2_2/cp.standby", "DC2/AE_2_3/cp.standby", "DC2/AE_2_4/cp.standby",
        ])
        #expect(violation.detail.hasPrefix("4 nodes of DC2 out of service"))
    }

    @Test("the handover moved to a node of the last batch: invariant 3 at zdu.finalize")
    func handoverIntoLastBatch() throws {
        let plan = try Self.plan()
        let handover = try #require(plan.steps.first { $0.kind == .pwpHandover })
        let lastBatchPeer = try #require(plan.step(id: "zdu.finalize")?.dependsOn.first { !$0.hasSuffix("pwp.handover") })
        let peer = String(lastBatchPeer.split(separator: "/")[1])
        let edited = plan.setting(handover.id, nodes: [handover.nodes[0], peer])
        let violation = try #require(Validator.validate(edited).violation)
        #expect(violation.invariant == .primaryWorkProcess)
        #expect(violation.sequence.last == "zdu.finalize")
        #expect(violation.detail == "the PWP sits on \(peer) whose WPs are stopped or draining")
    }
}
