import FarmSimulator
import NodeContract
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// The issue's stuck rollback, in memory: apply killed while AE_1B's `target/start` ran, then the rollback's
/// `target.stop` at once. The step waits for the forward operation before it looks at the node, so it never
/// records "already held" on a node whose target processes have not started yet, and never meets the 409.
@Suite("operations in flight are waited for before a step decides")
struct InFlightOperationsTests {
    func runner(_ plan: Plan, _ client: any NodeClient, timeout: Duration = .seconds(120)) -> StepRunner<ContinuousClock> {
        StepRunner(
            client: client, topology: plan.topology, planHash: "h", generation: 1, version: "24.4.4",
            pollInterval: .milliseconds(1), stepTimeout: timeout, clock: ContinuousClock())
    }

    /// AE_1B drained, stopped and staged, then the forward `target/start` posted under its step key, as the killed
    /// apply left it: running.
    func killedDuringTargetStart(_ plan: Plan) throws -> FakeNodeClient {
        let fake = FakeNodeClient(topology: plan.topology, secondsPerCall: 5)
        try fake.wizard(.dbLoad(version: "24.4.4"))
        fake.mutate { model in
            for command in [Command.binariesStage(version: "24.4.4"), .cpsStop, .wpsStop(drain: true)] {
                _ = model.submit(command, on: "AE_1B", key: "by-hand-\(command.action)")
                model.advance(by: 600)
            }
            _ = model.submit(.targetStart(version: "24.4.4"), on: "AE_1B", key: "h:DC2/AE_1B/target.start")
        }
        return fake
    }

    @Test func aRollbackTargetStopWaitsForTheForwardTargetStartThenStopsWhatItStarted() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = try killedDuringTargetStart(plan)
        #expect(fake.inspect { $0.operations(keyPrefix: "h:", state: .running, on: "AE_1B").count } == 1)
        let rollback = try #require(try RollbackPlanner.plan(
            plan, done: [], inDoubt: ["DC2/AE_1B/target.start"], phase: .compatibility).first)
        let outcome = await runner(plan, fake).perform(rollback, attempt: 1)
        #expect(outcome.event == .stepSucceeded(rollback.id), "\(outcome.event)")
        #expect(!outcome.alreadyHeld, "target.stop was not held while target/start still ran")
        #expect(fake.posts.map(\.path) == [ContractPath.targetStop], "no 409: one target/stop, after the start ended")
        let target = fake.inspect { $0.nodeState("AE_1B")?.targetProcesses ?? [] }
        #expect(!target.isEmpty && target.allSatisfy { $0.state == .stopped }, "\(target.map(\.id))")
    }

    @Test func aStepWhoseNodeStillRunsAnOperationAtItsDeadlineFailsNamingItWithoutARequest() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = try killedDuringTargetStart(plan)
        let rollback = try #require(try RollbackPlanner.plan(
            plan, done: [], inDoubt: ["DC2/AE_1B/target.start"], phase: .compatibility).first)
        let outcome = await runner(plan, fake, timeout: .zero).perform(rollback, attempt: 1)
        guard case .stepFailed(_, let reason, let retryable) = outcome.event else {
            Issue.record("decided while target/start ran: \(outcome.event)")
            return
        }
        #expect(reason.contains("AE_1B: operation") && reason.contains("target/start"), "\(reason)")
        #expect(reason.contains("key h:DC2/AE_1B/target.start"))
        #expect(retryable)
        #expect(fake.posts.isEmpty)
    }
}
