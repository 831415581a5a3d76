import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// `apply` never decides what a human should: a journal that halted, is rolling back or was rolled back is
/// refused without `--continue`, naming what was found; `resume` stays explicit.
@Suite("apply on a halted or rolled-back journal")
struct ApplyDecisionTests {
    func run(
        _ plan: Plan, _ fake: FakeNodeClient, _ mode: RunMode = .apply, state: String, continuing: Bool = false
    ) async throws(RunError) -> RunResult {
        var options = UpgradeRunTests.options
        options.stateDirectory = state
        options.approveAll = true
        options.continueAfterFailure = continuing
        return try await UpgradeRun(
            plan: plan, client: fake, options: options, clock: ContinuousClock(), emit: { _ in }
        ).execute(mode)
    }

    func records(_ state: String) throws -> [JournalRecord] {
        try Journal.read(path: UpgradeRun<ContinuousClock>.journalPath(stateDirectory: state, system: "PROD")).records
    }

    /// Runs until the first failure of AE_1B's target start (posts to it always fail) ends the run per policy.
    func failedRun(onFailure: FailureAction) async throws -> (Plan, FakeNodeClient, String, RunResult) {
        let plan = try Fixtures.plan("seed-phase1") { $0.policy.onFailure = onFailure }
        let fake = FakeNodeClient(topology: plan.topology)
        let state = Fixtures.tempDirectory()
        try fake.wizard(.dbLoad(version: "24.4.4"))
        fake.failPosts(ContractPath.targetStart, count: 100)
        let result = try await run(plan, fake, state: state)
        fake.failPosts(ContractPath.targetStart, count: 0)
        return (plan, fake, state, result)
    }

    @Test func applyRefusesAHaltedJournalNamingItAndChangesNothing() async throws {
        let (plan, fake, state, result) = try await failedRun(onFailure: .halt)
        guard case .halted = result else { Issue.record("got \(result)"); return }
        let posts = fake.posts.count
        let journal = try records(state)
        do {
            _ = try await run(plan, fake, state: state)
            Issue.record("apply went on from a halted journal")
        } catch {
            guard case .needsDecision(let found, _, let next) = error else { throw error }
            #expect(found.hasPrefix("halted (DC2/AE_1B/target.start failed"))
            #expect(next.contains("aeupgrade resume") && next.contains("apply --continue"))
            #expect(error.description.hasPrefix("apply refused: "))
        }
        #expect(fake.posts.count == posts, "nothing sent to the farm")
        #expect(try records(state) == journal, "nothing journaled")
        let resumed = try await WizardOperator.drive(plan, first: .apply, run: { mode in
            try await run(plan, fake, mode, state: state, continuing: true)
        }, perform: { try fake.wizard($0) })
        #expect(resumed.result == .done, "apply --continue goes on like resume")
    }

    @Test func applyRefusesARolledBackJournalAndContinueStartsANewGeneration() async throws {
        let (plan, fake, state, result) = try await failedRun(onFailure: .rollback)
        guard case .rolledBack = result else { Issue.record("got \(result)"); return }
        do {
            _ = try await run(plan, fake, state: state)
            Issue.record("apply started a new attempt after a rollback on its own")
        } catch {
            guard case .needsDecision(let found, _, let next) = error else { throw error }
            #expect(found.hasPrefix("was rolled back"))
            #expect(next.contains("apply --continue"))
        }
        do {
            _ = try await run(plan, fake, .resume, state: state)
            Issue.record("resume went on after a finished rollback")
        } catch {
            guard case .nothingToDo(let reason) = error else { throw error }
            #expect(reason.contains("apply --continue"))
        }
        let before = fake.posts.count
        let again = try await WizardOperator.drive(plan, first: .apply, run: { mode in
            try await run(plan, fake, mode, state: state, continuing: true)
        }, perform: { try fake.wizard($0) })
        #expect(again.result == .done)
        #expect(fake.posts.dropFirst(before).allSatisfy { $0.key.hasSuffix(":g2") || $0.key.contains(":g2:") },
            "the new attempt posts under keys of generation 2")
        expectZeroDowntime(fake.inspect { $0.report() })
    }

    @Test func applyRefusesARollbackInProgress() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let state = Fixtures.tempDirectory()
        try fake.wizard(.dbLoad(version: "24.4.4"))
        #expect(try await run(plan, fake, state: state) == .paused(["zdu.switch"]))
        try fake.wizard(.switchOver)
        #expect(try await run(plan, fake, .resume, state: state) == .paused(["zdu.finalize"]))
        #expect(try await run(plan, fake, .rollback, state: state) == .paused(["rollback/system/zdu.rollback"]))
        do {
            _ = try await run(plan, fake, state: state)
            Issue.record("apply went on from a rollback in progress")
        } catch {
            guard case .needsDecision(let found, _, _) = error else { throw error }
            #expect(found.hasPrefix("is rolling back"))
        }
    }

    @Test func applyStillContinuesAPausedJournal() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let state = Fixtures.tempDirectory()
        #expect(try await run(plan, fake, state: state) == .paused(["zdu.dbload"]))
        try fake.wizard(.dbLoad(version: "24.4.4"))
        #expect(try await run(plan, fake, state: state) == .paused(["zdu.switch"]),
            "a run paused at a wizard step (or a window) is continued by apply, as a nightly job does")
    }
}
