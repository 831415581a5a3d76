import Testing
import UpgradeOrchestrator
import UpgradePlan

/// `BatchUnits.nodesMidUpgrade`: the nodes an interrupted run names as left out of service.
@Suite struct BatchUnitsMidUpgradeTests {
    @Test func aDrainedNodeIsMidUpgradeUntilItsTargetIsVerified() throws {
        let plan = try Fixtures.plan("seed-phase2")
        func ids(_ kind: StepKind) -> [String: String] {
            Dictionary(plan.steps.filter { $0.kind == kind }.map { ($0.nodes[0], $0.id) }, uniquingKeysWith: { a, _ in a })
        }
        let drains = ids(.cpDrain), verifies = ids(.targetVerify)
        let node = try #require(drains.keys.sorted().first)
        let other = try #require(drains.keys.sorted().last { $0 != node })
        #expect(BatchUnits.nodesMidUpgrade(plan.steps, done: []) == [])
        #expect(BatchUnits.nodesMidUpgrade(plan.steps, done: [drains[node]!]) == [node])
        let both: Set = [drains[node]!, drains[other]!]
        #expect(Set(BatchUnits.nodesMidUpgrade(plan.steps, done: both)) == [node, other])
        let verified = try #require(verifies[node])
        #expect(BatchUnits.nodesMidUpgrade(plan.steps, done: both.union([verified])) == [other])
    }
}
