import Testing
import UpgradeOrchestrator
import UpgradePlan

@Suite("RollbackPlanner")
struct RollbackPlannerTests {
    @Test func undoesAnUpgradedNodeThenLeavesCompatibilityThenRestoresBase() throws {
        let plan = try Fixtures.plan("seed-phase1")
        let ids = plan.steps.map(\.id)
        let through = try #require(ids.firstIndex(of: "DC2/AE_1B/agents.await-home"))
        let done = Set(ids[...through])
        let steps = try RollbackPlanner.plan(plan, done: done, inDoubt: [])
        #expect(steps.map(\.id) == [
            "rollback/AE_1B/cp.standby", "rollback/AE_1B/agents.await-failover", "rollback/AE_1B/wp.stop",
            "rollback/system/zdu.rollback", "rollback/AE_1B/binaries.install", "rollback/AE_1B/processes.start",
            "rollback/AE_1B/health.verify", "rollback/AE_1B/cp.activate", "rollback/AE_1B/agents.await-home",
        ])
        #expect(steps[3].dependsOn == ["rollback/AE_1B/wp.stop"])
        #expect(steps[4].dependsOn == ["rollback/system/zdu.rollback"])
    }

    @Test func handsThePWPBackToABaseNodeFirst() throws {
        let plan = try Fixtures.plan("seed-phase1")
        let ids = plan.steps.map(\.id)
        let through = try #require(ids.firstIndex(of: "DC1/AE_1A/agents.await-failover"))
        let steps = try RollbackPlanner.plan(plan, done: Set(ids[...through]), inDoubt: ["DC1/AE_1A/pwp.handover"])
        #expect(steps[0].id == "rollback/AE_1A/cp.activate")
        #expect(steps[1].kind == .pwpHandover)
        #expect(steps[1].nodes == ["AE_1B", "AE_1A"])
        #expect(steps[1].dependsOn == ["rollback/AE_1A/cp.activate"])
        #expect(steps.last?.id == "rollback/AE_1A/agents.await-home")
    }

    @Test func nothingDoneMeansNothingToUndo() throws {
        let plan = try Fixtures.plan("seed-phase1")
        #expect(try RollbackPlanner.plan(plan, done: [], inDoubt: []).isEmpty)
    }

    @Test func refusedAfterFinalizeNamingTheStep() throws {
        let plan = try Fixtures.plan("seed-phase1")
        let ids = plan.steps.map(\.id)
        let through = try #require(ids.firstIndex(of: "zdu.finalize"))
        #expect(throws: RollbackError.finalized(step: "zdu.finalize")) {
            try RollbackPlanner.plan(plan, done: Set(ids[...through]), inDoubt: [])
        }
    }
}
