import FarmSimulator
import Testing
import UpgradeOrchestrator
import UpgradePlan

@Suite("StepRunner")
struct StepRunnerTests {
    func runner(_ plan: Plan, _ fake: FakeNodeClient) -> StepRunner<ContinuousClock> {
        var runner = StepRunner(
            client: fake, topology: plan.topology, planHash: "h", generation: 1, version: "24.4.1",
            pollInterval: .milliseconds(1), stepTimeout: .seconds(2), clock: ContinuousClock())
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
}
