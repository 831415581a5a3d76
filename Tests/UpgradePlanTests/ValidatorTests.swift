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
}
