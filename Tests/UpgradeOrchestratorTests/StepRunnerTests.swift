import FarmSimulator
import Testing
import UpgradeOrchestrator
import UpgradePlan

@Suite("StepRunner")
struct StepRunnerTests {
    func runner(_ plan: Plan, _ fake: FakeNodeClient) -> StepRunner<ContinuousClock> {
        var runner = StepRunner(
            client: fake, topology: plan.topology, planHash: "h", generation: 1, version: "24.4.1",
            pollInterval: .milliseconds(1), stepTimeout: .seconds(120), clock: ContinuousClock())
        runner.healthGated = StepRunner<ContinuousClock>.datacenterEntries(plan.steps)
        return runner
    }

    @Test func datacenterEntriesAreTheFirstStandbyOfEachDatacenter() throws {
        let plan = try Fixtures.plan("seed-phase1") { $0.policy.gateBetweenDCs = .none }
        #expect(StepRunner<ContinuousClock>.datacenterEntries(plan.steps)
            == ["DC2/AE_1B/cp.standby", "DC1/AE_1A/cp.standby"])
    }

    @Test func enteringADatacenterReChecksHealthAndRefusesAFarmWithoutPWP() async throws {
        let plan = try Fixtures.plan("seed-phase1") { $0.policy.gateBetweenDCs = .none }
        let fake = FakeNodeClient(topology: plan.topology)
        fake.mutate { _ = $0.inject(Fault(kind: .crash, node: "AE_1A")) }
        let step = try #require(plan.step(id: "DC2/AE_1B/cp.standby"))
        let outcome = await runner(plan, fake).perform(step, attempt: 1)
        guard case .stepFailed(_, let reason, let retryable) = outcome.event else {
            Issue.record("got \(outcome.event)")
            return
        }
        #expect(reason.hasPrefix("health gate: "))
        #expect(reason.contains("PWP"))
        #expect(retryable)
        #expect(fake.posts.isEmpty)
    }

    @Test func aStepWhosePostconditionHoldsIsDoneWithoutARequest() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let step = try #require(plan.step(id: "DC2/AE_1B/cp.activate"))
        let outcome = await runner(plan, fake).perform(step, attempt: 1)
        #expect(outcome.event == .stepSucceeded(step.id))
        #expect(outcome.alreadyHeld)
        #expect(fake.posts.isEmpty)
    }

    @Test func aStepUndoneAfterItsOperationSucceededRunsAgainUnderAKeyOfTheAttempt() async throws {
        let plan = try Fixtures.plan("seed-phase1") { $0.policy.gateBetweenDCs = .none }
        let fake = FakeNodeClient(topology: plan.topology)
        let step = try #require(plan.step(id: "DC2/AE_1B/cp.standby"))
        let first = await runner(plan, fake).perform(step, attempt: 1)
        #expect(first.event == .stepSucceeded(step.id), "\(first.event)")
        fake.mutate { model in
            _ = model.submit(.cpsActivate, on: "AE_1B", key: "by-hand")
            model.advance(by: 60)
        }
        let again = await runner(plan, fake).perform(step, attempt: 2)
        #expect(again.event == .stepSucceeded(step.id) && !again.alreadyHeld)
        #expect(fake.posts.map(\.key) == ["h:\(step.id)", "h:\(step.id)", "h:\(step.id):r2"],
            "the step's key answers the old success; the attempt's key runs the step again")
        #expect(fake.inspect { $0.nodeState("AE_1B")?.processes.compactMap(\.cpMode) }?.allSatisfy { $0 == .standby }
            == true)
        #expect(fake.inspect { $0.report().effects.duplicates } == 0)
    }
}
