import FarmSimulator
import Foundation
import NodeContract
import Synchronization
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// A site that has scripted a wizard step (`--wizard-command`): the gate runs the command instead of stopping for
/// the operator, and still goes on only once it observes the step's result on the farm.
@Suite("scripted wizard steps")
struct WizardCommandTests {
    /// The fake farm, and a site script's effect: once the script created `marker`, the next read of the system
    /// finds the wizard step performed (as the AWI would have done it).
    final class ScriptedSite: NodeClient {
        let fake: FakeNodeClient
        let marker: String
        let step: WizardStep
        let performed = Mutex(false)

        init(fake: FakeNodeClient, marker: String, step: WizardStep) {
            self.fake = fake
            self.marker = marker
            self.step = step
        }

        func node(_ name: String) async throws(NodeError) -> NodeState { try await fake.node(name) }

        func system(via name: String) async throws(NodeError) -> SystemState {
            let perform = performed.withLock { done -> Bool in
                guard !done, FileManager.default.fileExists(atPath: marker) else { return false }
                done = true
                return true
            }
            if perform { try? fake.wizard(step) }
            return try await fake.system(via: name)
        }

        func post(
            _ name: String, path: String, body: OperationRequest?, idempotencyKey: String
        ) async throws(NodeError) -> NodeContract.Operation {
            try await fake.post(name, path: path, body: body, idempotencyKey: idempotencyKey)
        }

        func operation(_ name: String, id: String) async throws(NodeError) -> NodeContract.Operation {
            try await fake.operation(name, id: id)
        }

        func operations(
            _ name: String, keyPrefix: String, state: OperationState?
        ) async throws(NodeError) -> [NodeContract.Operation] {
            try await fake.operations(name, keyPrefix: keyPrefix, state: state)
        }
    }

    func runner(_ plan: Plan, _ client: any NodeClient, _ commands: [StepKind: String], timeout: Duration = .seconds(60))
        -> StepRunner<ContinuousClock> {
        var runner = StepRunner(
            client: client, topology: plan.topology, planHash: "h", generation: 1, version: "24.4.4",
            pollInterval: .milliseconds(5), stepTimeout: timeout, clock: ContinuousClock())
        runner.wizardCommands = commands
        return runner
    }

    @Test func aScriptedDBLoadRunsItsCommandAndPassesOnceTheResultIsObserved() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let directory = Fixtures.tempDirectory()
        let marker = directory + "/dbload-done"
        let site = ScriptedSite(fake: fake, marker: marker, step: .dbLoad(version: "24.4.4"))
        let command = #"test "$STEP_KIND" = zdu.dbload && test "$TARGET_VERSION" = 24.4.4 && touch "# + marker
        let step = try #require(plan.step(id: "zdu.dbload"))
        let outcome = await runner(plan, site, [.zduDBLoad: command]).perform(step, attempt: 1)
        #expect(outcome.event == .stepSucceeded("zdu.dbload"), "\(outcome.event)")
        #expect(FileManager.default.fileExists(atPath: marker), "the command ran with the step's environment")
        #expect(fake.inspect { $0.systemState().zdu.phase } == .compatibility)
        #expect(fake.posts.isEmpty)
    }

    @Test func aScriptWhoseResultIsNotObservedFailsTheStepWithoutRetry() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let step = try #require(plan.step(id: "zdu.dbload"))
        let outcome = await runner(plan, fake, [.zduDBLoad: "true"], timeout: .milliseconds(300))
            .perform(step, attempt: 1)
        guard case .stepFailed(_, let reason, let retryable) = outcome.event else {
            Issue.record("a script exiting 0 passed the step without its result: \(outcome.event)")
            return
        }
        #expect(reason.contains("exited 0, but its result was not observed on the farm"))
        #expect(!retryable)
    }

    @Test func aFailingScriptFailsTheStepNamingItsExit() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let step = try #require(plan.step(id: "zdu.dbload"))
        let outcome = await runner(plan, fake, [.zduDBLoad: "echo AWI refused >&2; exit 4"]).perform(step, attempt: 1)
        guard case .stepFailed(_, let reason, let retryable) = outcome.event else {
            Issue.record("got \(outcome.event)")
            return
        }
        #expect(reason.contains("wizard command for zdu.dbload"))
        #expect(reason.contains("AWI refused"))
        #expect(!retryable)
    }

    @Test func anUnscriptedStepStillWaitsForTheOperator() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        try fake.wizard(.dbLoad(version: "24.4.4"))
        let step = try #require(plan.step(id: "zdu.switch"))
        let outcome = await runner(plan, fake, [.zduDBLoad: "true"]).perform(step, attempt: 1)
        #expect(outcome.event == .awaitingOperator("zdu.switch"))
    }

    @Test func aWholeRunWithEveryWizardStepScriptedNeedsNoOperator() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let directory = Fixtures.tempDirectory()
        let site = WholeSite(fake: fake, directory: directory)
        var options = UpgradeRunTests.options
        options.stateDirectory = directory
        options.approveAll = true
        for kind in [StepKind.zduDBLoad, .zduSwitch, .zduFinalize] {
            options.wizardCommands[kind] = "touch \(directory)/$STEP_KIND"
        }
        let result = try await UpgradeRun(
            plan: plan, client: site, options: options, clock: ContinuousClock(), emit: { _ in }
        ).execute(.apply)
        #expect(result == .done)
        let report = fake.inspect { $0.report() }
        expectUpgraded(report)
        expectZeroDowntime(report)
    }

    /// Performs each wizard step once its script left `<directory>/<step kind>`.
    final class WholeSite: NodeClient {
        let fake: FakeNodeClient
        let directory: String
        let performed = Mutex<Set<String>>([])

        init(fake: FakeNodeClient, directory: String) {
            self.fake = fake
            self.directory = directory
        }

        func node(_ name: String) async throws(NodeError) -> NodeState { try await fake.node(name) }

        func system(via name: String) async throws(NodeError) -> SystemState {
            for (kind, step) in [("zdu.dbload", WizardStep.dbLoad(version: "24.4.4")), ("zdu.switch", .switchOver),
                                 ("zdu.finalize", .finalize)] {
                let due = performed.withLock { done -> Bool in
                    guard !done.contains(kind), FileManager.default.fileExists(atPath: "\(directory)/\(kind)") else {
                        return false
                    }
                    done.insert(kind)
                    return true
                }
                if due { try? fake.wizard(step) }
            }
            return try await fake.system(via: name)
        }

        func post(
            _ name: String, path: String, body: OperationRequest?, idempotencyKey: String
        ) async throws(NodeError) -> NodeContract.Operation {
            try await fake.post(name, path: path, body: body, idempotencyKey: idempotencyKey)
        }

        func operation(_ name: String, id: String) async throws(NodeError) -> NodeContract.Operation {
            try await fake.operation(name, id: id)
        }

        func operations(
            _ name: String, keyPrefix: String, state: OperationState?
        ) async throws(NodeError) -> [NodeContract.Operation] {
            try await fake.operations(name, keyPrefix: keyPrefix, state: state)
        }
    }
}
