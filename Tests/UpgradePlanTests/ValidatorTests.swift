import Testing
@testable import UpgradePlan

@Suite("Validator")
struct ValidatorTests {
    @Test("planner-made seed plans are valid for both checkers")
    func seedPlansValid() throws {
        for topology in [CoreFixtures.seedPhase1(), CoreFixtures.seedPhase2(), CoreFixtures.threeDC(),
            CoreFixtures.seedPhase2(maxNodesDownPerDC: 2)]
        {
            let plan = try Planner.plan(topology)
            let exhaustive = try #require(ExhaustiveChecker.check(plan))
            #expect(exhaustive.isValid, "\(exhaustive.violation?.description ?? "")")
            let fast = FastChecker.check(plan)
            #expect(fast.isValid, "\(fast.violation?.description ?? "")")
            #expect(ExhaustiveChecker.brokenInvariants(plan) == [])
            #expect(FastChecker.brokenInvariants(plan) == [])
        }
    }

    @Test("invariant 7 holds for a plan file too: an edited version pair is refused as the planner refuses it")
    func versionPathOfAPlanFile() throws {
        var plan = try Planner.plan(CoreFixtures.seedPhase2())
        plan.topology.versions = Versions(base: "12.3.8", target: "21.0.5")
        plan.topology.policy.zduPathConfirmed = true
        let violation = try #require(Validator.validate(plan).violation)
        #expect(violation.invariant == .supportedPath)
        #expect(violation.sequence.isEmpty)
        #expect(violation.detail.hasPrefix("ZDU from 12.3.8 to 21.0.5 is not supported: from v21 AE needs JWP"))
        #expect(violation.detail.contains("(source: https://docs.automic.com/"))
        plan.topology.versions = Versions(base: "24.1.0", target: "24.2.0")
        #expect(Validator.validate(plan).isValid, "an unknown pair the operator confirmed is planned, so it validates")
        plan.topology.policy.zduPathConfirmed = false
        #expect(Validator.validate(plan).violation?.invariant == .supportedPath)
    }
}
