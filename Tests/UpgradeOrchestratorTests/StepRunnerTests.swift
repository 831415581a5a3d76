import FarmSimulator
import NodeContract
import Testing
import UpgradeOrchestrator
import UpgradePlan

@Suite("StepRunner")
struct StepRunnerTests {
    func runner(_ plan: Plan, _ client: any NodeClient) -> StepRunner<ContinuousClock> {
        StepRunner(
            client: client, topology: plan.topology, planHash: "h", generation: 1, version: "24.4.4",
            pollInterval: .milliseconds(1), stepTimeout: .seconds(120), clock: ContinuousClock())
    }

    /// Drives the fake's farm to AE_1B's base processes stopped, its target binaries staged, ZDU compatibility.
    func prepareAE1B(_ fake: FakeNodeClient) throws {
        try fake.wizard(.dbLoad(version: "24.4.4"))
        fake.mutate { model in
            for command in [Command.binariesStage(version: "24.4.4"), .cpsStop, .wpsStop(drain: true)] {
                _ = model.submit(command, on: "AE_1B", key: "by-hand-\(command.action)")
                model.advance(by: 600)
            }
        }
    }

    @Test func mapsEachStepKindToItsContractRequest() throws {
        let plan = try Fixtures.plan("seed-phase2")
        func request(_ id: String) throws -> ContractRequest? {
            ContractRequest.of(try #require(plan.step(id: id)), version: "24.4.4")
        }
        #expect(try request("DC2/AE_1B/binaries.stage") == .init(path: ContractPath.binariesStage, body: .init(version: "24.4.4")))
        #expect(try request("DC2/AE_1B/cp.drain") == .init(path: ContractPath.cpsStop, body: nil))
        #expect(try request("DC2/AE_1B/wp.stop") == .init(path: ContractPath.wpsStop, body: .init(drain: true)))
        #expect(try request("DC2/AE_1B/target.start") == .init(path: ContractPath.targetStart, body: .init(version: "24.4.4")))
        for id in ["DC2/AE_1B/agents.await-reconnect", "DC2/AE_1B/target.verify", "zdu.dbload", "zdu.switch",
                   "zdu.finalize", "gate/DC1"] {
            #expect(try request(id) == nil, "\(id) only observes")
        }
    }

    @Test func aWizardStepNotObservedWaitsForTheOperatorWithoutARequest() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let step = try #require(plan.step(id: "zdu.dbload"))
        let before = await runner(plan, fake).perform(step, attempt: 1)
        #expect(before.event == .awaitingOperator("zdu.dbload"))
        try fake.wizard(.dbLoad(version: "24.4.4"))
        let after = await runner(plan, fake).perform(step, attempt: 2)
        #expect(after.event == .stepSucceeded("zdu.dbload"))
        #expect(fake.posts.isEmpty, "aeupgrade never performs a wizard step")
    }

    @Test func aDrainIsRefusedWhenTheFarmIsUnhealthyWithoutARequest() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        try fake.wizard(.dbLoad(version: "24.4.4"))
        fake.mutate { _ = $0.inject(Fault(kind: .crash, node: "AE_1A")) }
        let step = try #require(plan.step(id: "DC2/AE_1B/cp.drain"))
        let outcome = await runner(plan, fake).perform(step, attempt: 1)
        guard case .stepFailed(_, let reason, let retryable) = outcome.event else {
            Issue.record("got \(outcome.event)")
            return
        }
        #expect(reason.hasPrefix("health check: "))
        #expect(reason.contains("no serving CP in NA_DC1, NA_DC2 once AE_1B's base CP/JCP stop"),
            "the farm as it will be after the drain: AE_1A crashed, AE_1B's CPs about to stop")
        #expect(retryable)
        #expect(fake.posts.isEmpty)
    }

    /// A node that reports no agents: `GET /v1/system` with an empty `netAreas`, as aeupgrade-node does without
    /// `commands.agentCounts`.
    struct NoAgentData: ForwardingNodeClient {
        let fake: FakeNodeClient
        func system(via name: String) async throws(NodeError) -> SystemState {
            var system = try await fake.system(via: name)
            system.netAreas = []
            return system
        }
    }

    @Test func anAgentWaitFailsClosedWithoutAgentDataNamingTheSetting() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        try prepareAE1B(fake)
        let step = try #require(plan.step(id: "DC2/AE_1B/agents.await-reconnect"))
        let outcome = await runner(plan, NoAgentData(fake: fake)).perform(step, attempt: 1)
        guard case .stepFailed(_, let reason, let retryable) = outcome.event else {
            Issue.record("an agent wait passed without agent data: \(outcome.event)")
            return
        }
        #expect(reason.contains("commands.agentCounts"))
        #expect(reason.contains("node.yaml"))
        #expect(!retryable)
    }

    @Test func aStepWhosePostconditionHoldsIsDoneWithoutARequest() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        try prepareAE1B(fake)
        let step = try #require(plan.step(id: "DC2/AE_1B/cp.drain"))
        let outcome = await runner(plan, fake).perform(step, attempt: 1)
        #expect(outcome.event == .stepSucceeded(step.id))
        #expect(outcome.alreadyHeld)
        #expect(fake.posts.isEmpty)
    }

    @Test func aStepUndoneAfterItsOperationSucceededRunsAgainUnderAKeyOfTheAttempt() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        try prepareAE1B(fake)
        let step = try #require(plan.step(id: "DC2/AE_1B/target.start"))
        let first = await runner(plan, fake).perform(step, attempt: 1)
        #expect(first.event == .stepSucceeded(step.id), "\(first.event)")
        fake.mutate { model in
            _ = model.submit(.targetStop, on: "AE_1B", key: "by-hand")
            model.advance(by: 600)
        }
        let again = await runner(plan, fake).perform(step, attempt: 2)
        #expect(again.event == .stepSucceeded(step.id) && !again.alreadyHeld)
        #expect(fake.posts.map(\.key) == ["h:\(step.id)", "h:\(step.id)", "h:\(step.id):r2"],
            "the step's key answers the old success; the attempt's key runs the step again")
        #expect(fake.inspect { $0.nodeState("AE_1B")?.targetProcesses.allSatisfy { $0.state == .running } } == true)
        #expect(fake.inspect { $0.report().effects.duplicates } == 0)
    }
}
