import FarmSimulator
import Foundation
import NodeContract
import Synchronization
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// A site that has scripted wizard steps on one node (node.yaml `wizard:`; the simulator's `simulatedWizard`): the
/// gate posts `/v1/wizard/{step}` to that node instead of stopping for the operator, and still goes on only once it
/// observes the step's result on the farm.
@Suite("scripted wizard steps")
struct ScriptedWizardTests {
    /// Seed phase 1 whose named nodes perform the given wizard steps.
    static func plan(scripting steps: [String], on nodes: [String] = ["AE_1A"]) throws -> Plan {
        var plan = try Fixtures.plan("seed-phase1")
        for index in plan.topology.nodes.indices where nodes.contains(plan.topology.nodes[index].name) {
            plan.topology.nodes[index].simulatedWizard = steps
        }
        return plan
    }

    func runner(_ plan: Plan, _ client: any NodeClient, timeout: Duration = .seconds(60))
        -> StepRunner<ContinuousClock> {
        StepRunner(
            client: client, topology: plan.topology, planHash: "h", generation: 1, version: "24.4.4",
            pollInterval: .milliseconds(5), stepTimeout: timeout, clock: ContinuousClock())
    }

    func wizardPosts(_ fake: FakeNodeClient) -> [String] {
        fake.posts.filter { $0.path.hasPrefix(ContractPath.wizardPrefix) }.map { "\($0.node) \($0.path) \($0.key)" }
    }

    @Test func aNodesScriptedDBLoadIsPostedToItUnderTheStepsKeyAndPassesOnceObserved() async throws {
        let plan = try Self.plan(scripting: ["dbload"])
        let fake = FakeNodeClient(topology: plan.topology)
        let step = try #require(plan.step(id: "zdu.dbload"))
        let events = Mutex<[RunEvent]>([])
        var runner = runner(plan, fake)
        runner.notify = { event in events.withLock { $0.append(event) } }
        let outcome = await runner.perform(step, attempt: 1)
        #expect(outcome.event == .stepSucceeded("zdu.dbload"), "\(outcome.event)")
        #expect(outcome.observed.contains("performed by AE_1A's wizard command"))
        let zdu = fake.inspect { $0.systemState().zdu }
        #expect(zdu == ZDUState(phase: .compatibility, base: "24.4.1", target: "24.4.4"))
        #expect(wizardPosts(fake) == ["AE_1A /v1/wizard/dbload h:zdu.dbload"])
        guard case .wizardStepScripted("zdu.dbload", "AE_1A", _)? = events.withLock({ $0.first }) else {
            Issue.record("no event names the node: \(events.withLock { $0 })")
            return
        }
    }

    @Test func twoNodesOfferingAStepTheFirstInTopologyOrderPerformsIt() async throws {
        let plan = try Self.plan(scripting: ["dbload"], on: ["AE_1B", "AE_1A"])
        let first = try #require(plan.topology.nodes.first { ["AE_1A", "AE_1B"].contains($0.name) }).name
        let fake = FakeNodeClient(topology: plan.topology)
        let outcome = await runner(plan, fake).perform(try #require(plan.step(id: "zdu.dbload")), attempt: 1)
        #expect(outcome.event == .stepSucceeded("zdu.dbload"))
        #expect(wizardPosts(fake) == ["\(first) /v1/wizard/dbload h:zdu.dbload"])
    }

    @Test func anOperationThatSucceedsWithoutAnObservedResultFailsTheStepWithoutRetry() async throws {
        let plan = try Self.plan(scripting: [])
        let fake = FakeNodeClient(topology: plan.topology)
        let site = StubbornSite(fake: fake, offering: "dbload", on: "AE_1A", ending: .succeeded)
        let outcome = await runner(plan, site, timeout: .milliseconds(300))
            .perform(try #require(plan.step(id: "zdu.dbload")), attempt: 1)
        guard case .stepFailed(_, let reason, let retryable) = outcome.event else {
            Issue.record("a command exiting 0 passed the step without its result: \(outcome.event)")
            return
        }
        #expect(reason.contains("AE_1A's wizard command (node.yaml wizard.dbload) succeeded"))
        #expect(reason.contains("not observed on the farm"))
        #expect(!retryable)
        #expect(fake.inspect { $0.systemState().zdu.phase } == .off)
    }

    @Test func aFailedOperationFailsTheStepNamingTheNodeAndTheReason() async throws {
        let plan = try Self.plan(scripting: [])
        let fake = FakeNodeClient(topology: plan.topology)
        let site = StubbornSite(fake: fake, offering: "dbload", on: "AE_1A", ending: .failed)
        let outcome = await runner(plan, site).perform(try #require(plan.step(id: "zdu.dbload")), attempt: 1)
        guard case .stepFailed(_, let reason, let retryable) = outcome.event else {
            Issue.record("got \(outcome.event)")
            return
        }
        #expect(reason.contains("AE_1A's wizard command"))
        #expect(reason.contains("DB Load utility exited with 4"))
        #expect(!retryable)
    }

    @Test func aStepNoNodeOffersStillWaitsForTheOperator() async throws {
        let plan = try Self.plan(scripting: ["dbload"])
        let fake = FakeNodeClient(topology: plan.topology)
        try fake.wizard(.dbLoad(version: "24.4.4"))
        let outcome = await runner(plan, fake).perform(try #require(plan.step(id: "zdu.switch")), attempt: 1)
        #expect(outcome.event == .awaitingOperator("zdu.switch"))
        #expect(wizardPosts(fake).isEmpty)
    }

    @Test func aWholeRunWithTheWizardStepsScriptedOnANodeNeedsNoOperator() async throws {
        let plan = try Self.plan(scripting: ["dbload", "switch", "finalize"])
        let fake = FakeNodeClient(topology: plan.topology)
        var options = UpgradeRunTests.options
        options.stateDirectory = Fixtures.tempDirectory()
        options.approveAll = true
        let events = Mutex<[RunEvent]>([])
        let result = try await UpgradeRun(
            plan: plan, client: fake, options: options, clock: ContinuousClock(),
            emit: { event in events.withLock { $0.append(event) } }
        ).execute(.apply)
        #expect(result == .done)
        let report = fake.inspect { $0.report() }
        expectUpgraded(report)
        expectZeroDowntime(report)
        #expect(wizardPosts(fake).map { $0.split(separator: " ")[1] }
            == ["/v1/wizard/dbload", "/v1/wizard/switch", "/v1/wizard/finalize"])
        let lines = events.withLock { $0.map(\.line) }
        for kind in ["zdu.dbload", "zdu.switch", "zdu.finalize"] {
            #expect(lines.contains { $0.hasPrefix("WIZARD \(kind): run by AE_1A's scripted command") }, "\(kind)")
        }
        #expect(!lines.contains { $0.contains("In the AWI") }, "no step was left to the operator")
    }

    @Test func aRunWhoseScriptedResultIsNeverObservedPostsOnceAndDoesNotFinish() async throws {
        let plan = try Self.plan(scripting: [])
        let fake = FakeNodeClient(topology: plan.topology)
        let site = StubbornSite(fake: fake, offering: "dbload", on: "AE_1A", ending: .succeeded)
        var options = UpgradeRunTests.options
        options.stateDirectory = Fixtures.tempDirectory()
        options.stepTimeout = .seconds(30_000)  // 3 s at the options' time scale (10,000)
        let events = Mutex<[String]>([])
        let result = try await UpgradeRun(
            plan: plan, client: site, options: options, clock: ContinuousClock(),
            emit: { event in events.withLock { $0.append(event.line) } }
        ).execute(.apply)
        #expect(result != .done, "\(events.withLock { $0 })")
        let failures = events.withLock { $0 }.filter { $0.hasPrefix("FAIL  zdu.dbload") }
        #expect(failures.count == 1, "\(failures)")
        #expect(failures.first?.contains("not observed on the farm") == true)
        #expect(site.posted.withLock { $0 } == ["AE_1A /v1/wizard/dbload \(PlanIdentity.hash(plan)):zdu.dbload"])
        #expect(fake.inspect { $0.systemState().zdu.phase } == .off)
    }

    /// The fake farm, where one node says it performs a wizard step and answers its POST with an operation that
    /// ends as given, but never changes the farm (a site script that exits without doing what it should).
    final class StubbornSite: ForwardingNodeClient {
        let fake: FakeNodeClient
        let offering: String
        let node: String
        let ending: OperationState
        /// The wizard POSTs it answered: node, path, key.
        let posted = Mutex<[String]>([])

        init(fake: FakeNodeClient, offering: String, on node: String, ending: OperationState) {
            self.fake = fake
            self.offering = offering
            self.node = node
            self.ending = ending
        }

        func node(_ name: String) async throws(NodeError) -> NodeState {
            var state = try await fake.node(name)
            if name == node { state.wizardSteps = [offering] }
            return state
        }

        func post(
            _ name: String, path: String, body: OperationRequest?, idempotencyKey: String
        ) async throws(NodeError) -> NodeContract.Operation {
            guard path.hasPrefix(ContractPath.wizardPrefix) else {
                return try await fake.post(name, path: path, body: body, idempotencyKey: idempotencyKey)
            }
            posted.withLock { $0.append("\(name) \(path) \(idempotencyKey)") }
            return NodeContract.Operation(
                id: "op-w", action: "wizard/\(offering)", node: name, state: ending,
                reason: ending == .failed ? "wizard.\(offering): DB Load utility exited with 4" : nil,
                idempotencyKey: idempotencyKey)
        }
    }
}
