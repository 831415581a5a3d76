import NodeContract
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// The fallback AE allows (docs/ae-model.md AE-ZDU-6, AE-ZDU-7), from many points of the plan.
@Suite("RollbackPlanner")
struct RollbackPlannerTests {
    /// The plan's step ids up to and including `id`.
    func through(_ plan: Plan, _ id: String) throws -> Set<String> {
        let ids = plan.steps.map(\.id)
        return Set(ids[...(try #require(ids.firstIndex(of: id)))])
    }

    @Test func beforeTheSwitchOnlyTheTargetProcessesTheRunStartedStop() throws {
        let plan = try Fixtures.plan("seed-phase2")
        let done = try through(plan, "DC2/AE_1B/target.verify")
        let steps = try RollbackPlanner.plan(plan, done: done, inDoubt: [], phase: .compatibility)
        #expect(steps.map(\.id) == ["rollback/AE_1B/target.stop"])
        #expect(steps.allSatisfy { $0.kind == .targetStop && $0.dependsOn.isEmpty })
    }

    @Test(arguments: ["DC2/AE_1B/cp.drain", "DC2/AE_1B/agents.await-reconnect", "DC2/AE_1B/wp.stop", "zdu.dbload"])
    func beforeAnyTargetStartNothingIsUndoneAndNoBaseProcessRestarts(_ last: String) throws {
        let plan = try Fixtures.plan("seed-phase2")
        let steps = try RollbackPlanner.plan(plan, done: try through(plan, last), inDoubt: [], phase: .compatibility)
        #expect(steps.isEmpty, "stopped base processes stay stopped while ZDU is on (AE-ZDU-6)")
    }

    @Test func aTargetStartInDoubtIsStoppedToo() throws {
        let plan = try Fixtures.plan("seed-phase2")
        let done = try through(plan, "DC2/AE_1B/wp.stop")
        let steps = try RollbackPlanner.plan(
            plan, done: done, inDoubt: ["DC2/AE_1B/target.start"], phase: .compatibility)
        #expect(steps.map(\.id) == ["rollback/AE_1B/target.stop"])
    }

    @Test(arguments: ["zdu.switch", "DC2/AE_2B/target.verify", "gate/DC1", "DC1/AE_2A/wp.stop", "gate/finalize"])
    func betweenTheSwitchAndFinalizeItIsTheWizardsRollback(_ last: String) throws {
        let plan = try Fixtures.plan("seed-phase2")
        let steps = try RollbackPlanner.plan(plan, done: try through(plan, last), inDoubt: [], phase: .switched)
        #expect(steps.map(\.id) == ["rollback/system/zdu.rollback"])
        #expect(steps[0].kind.isWizardStep)
    }

    @Test func aSwitchObservedButNotJournaledIsRolledBackByTheWizardToo() throws {
        let plan = try Fixtures.plan("seed-phase2")
        let done = try through(plan, "DC2/AE_1B/target.verify")
        let steps = try RollbackPlanner.plan(plan, done: done, inDoubt: [], phase: .switched)
        #expect(steps.map(\.kind) == [.zduRollback])
    }

    @Test func nothingDoneMeansNothingToUndo() throws {
        let plan = try Fixtures.plan("seed-phase2")
        #expect(try RollbackPlanner.plan(plan, done: [], inDoubt: [], phase: .off).isEmpty)
    }

    @Test func refusedAfterFinalizeNamingTheStep() throws {
        let plan = try Fixtures.plan("seed-phase2")
        #expect(throws: RollbackError.finalized(step: "zdu.finalize")) {
            try RollbackPlanner.plan(plan, done: try through(plan, "zdu.finalize"), inDoubt: [], phase: .finalized)
        }
        #expect(throws: RollbackError.finalized(step: "zdu.finalize (observed on live state)")) {
            try RollbackPlanner.plan(plan, done: try through(plan, "gate/finalize"), inDoubt: [], phase: .finalized)
        }
    }
}
