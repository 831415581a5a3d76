import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// Whole runs against the in-memory fake (the simulator's model, no sockets); the wizard steps are performed on
/// the model as the operator would in the AWI.
@Suite("UpgradeRun with the in-memory fake")
struct UpgradeRunTests {
    static let options = RunOptions(
        timeScale: 10_000, pollInterval: .milliseconds(1), stepTimeout: .seconds(40_000), retryDelay: .milliseconds(10))

    func run(
        _ plan: Plan, _ client: any NodeClient, _ mode: RunMode = .apply, state: String,
        approveAll: Bool = true, acceptDrift: Bool = false, log: EventLog = EventLog()
    ) async throws(RunError) -> RunResult {
        var options = Self.options
        options.stateDirectory = state
        options.approveAll = approveAll
        options.acceptDrift = acceptDrift
        return try await UpgradeRun(
            plan: plan, client: client, options: options, clock: ContinuousClock(), emit: { await log.append($0) }
        ).execute(mode)
    }

    /// Runs `first` and performs each wizard step the run stops at, then resumes, until the run ends otherwise.
    func drive(
        _ plan: Plan, _ fake: FakeNodeClient, _ first: RunMode = .apply, state: String, log: EventLog = EventLog()
    ) async throws -> (result: RunResult, performed: [String]) {
        try await WizardOperator.drive(plan, first: first, run: { mode in
            try await run(plan, fake, mode, state: state, log: log)
        }, perform: { try fake.wizard($0) })
    }

    @Test func stopsAtEachWizardStepAndGoesOnOnceTheOperatorPerformedIt() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let log = EventLog()
        let (result, performed) = try await drive(plan, fake, state: Fixtures.tempDirectory(), log: log)
        #expect(result == .done)
        #expect(performed == ["zdu.dbload", "zdu.switch", "zdu.finalize"])
        #expect(log.all.filter { if case .wizardStepNeeded = $0 { true } else { false } }.count == 3)
        #expect(log.lines.contains { $0.hasPrefix("WIZARD zdu.switch: In the AWI, client 0, System Upgrade wizard: "
            + "perform step 4") })
        let report = fake.inspect { $0.report() }
        expectUpgraded(report)
        expectZeroDowntime(report)
        #expect(!fake.posts.contains { $0.path == ContractPath.processesStart })
    }

    @Test func approvalsNeverPassAWizardStep() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let state = Fixtures.tempDirectory()
        #expect(try await run(plan, fake, state: state) == .paused(["zdu.dbload"]))
        let journal = try Journal(path: UpgradeRun<ContinuousClock>.journalPath(stateDirectory: state, system: "PROD"))
        try journal.append(.init(event: .approved, time: Journal.timestamp(), planHash: PlanIdentity.hash(plan),
            step: "zdu.dbload", by: "alice"))
        #expect(try await run(plan, fake, .resume, state: state, approveAll: true) == .paused(["zdu.dbload"]),
            "neither an approval record nor --approve-all passes a wizard step")
        #expect(fake.inspect { $0.systemState().zdu.phase } == .off)
        #expect(fake.posts.allSatisfy { $0.path == ContractPath.binariesStage })
        try fake.wizard(.dbLoad(version: "24.4.4"))
        #expect(try await run(plan, fake, .resume, state: state) == .paused(["zdu.switch"]))
    }

    @Test func rollbackBeforeTheSwitchStopsOnlyTargetProcessesAndNeverStartsABaseProcess() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let state = Fixtures.tempDirectory()
        try fake.wizard(.dbLoad(version: "24.4.4"))
        #expect(try await run(plan, fake, state: state) == .paused(["zdu.switch"]))
        let before = fake.posts.count
        guard case .rolledBack = try await run(plan, fake, .rollback, state: state) else {
            Issue.record("rollback did not finish")
            return
        }
        #expect(fake.posts.dropFirst(before).map(\.path) == [ContractPath.targetStop])
        #expect(!fake.posts.contains { $0.path == ContractPath.processesStart })
        let ae1b = try #require(fake.inspect { $0.nodeState("AE_1B") })
        #expect(ae1b.processes.allSatisfy { $0.state == .stopped }, "base processes stay stopped (AE-ZDU-6)")
        #expect(fake.inspect { $0.nodeState("AE_1A") }?.baseProcesses.allSatisfy { $0.state == .running } == true)
        #expect(fake.inspect { $0.systemState().zdu.phase } == .compatibility)
        expectZeroDowntime(fake.inspect { $0.report() })
    }

    @Test func aFailureBeforeTheSwitchFallsBackWithoutRestartingBaseProcesses() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        try fake.wizard(.dbLoad(version: "24.4.4"))
        fake.failPosts(ContractPath.targetStart, count: 100)
        let log = EventLog()
        let result = try await run(plan, fake, state: Fixtures.tempDirectory(), log: log)
        guard case .rolledBack(let step, _) = result else { Issue.record("got \(result)"); return }
        #expect(step == "DC2/AE_1B/target.start")
        let starts = fake.posts.filter { $0.path == ContractPath.targetStart }.map(\.key)
        #expect(starts.count == plan.topology.policy.retries)
        #expect(Set(starts).count == 1, "every attempt of a step posts the step's one Idempotency-Key")
        #expect(!fake.posts.contains { $0.path == ContractPath.processesStart })
        #expect(fake.inspect { $0.systemState().zdu.phase } == .compatibility, "ZDU stays on (AE-ZDU-7)")
        #expect(log.lines.contains { $0.hasPrefix("ROLLBACK DC2/AE_1B/target.start failed") })
        guard case .runFinished(.rolledBack, let detail) = log.all.last else { Issue.record("\(log.lines)"); return }
        #expect(detail.contains("no base process left on AE_1B"))
        expectZeroDowntime(fake.inspect { $0.report() })
    }

    @Test func rollbackAfterTheSwitchIsTheWizardsRollbackPerformedByTheOperator() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let state = Fixtures.tempDirectory()
        try fake.wizard(.dbLoad(version: "24.4.4"))
        #expect(try await run(plan, fake, state: state) == .paused(["zdu.switch"]))
        try fake.wizard(.switchOver)
        #expect(try await run(plan, fake, .resume, state: state) == .paused(["zdu.finalize"]))
        let before = fake.posts.count
        #expect(try await run(plan, fake, .rollback, state: state) == .paused(["rollback/system/zdu.rollback"]))
        try fake.wizard(.rollback)
        guard case .rolledBack = try await run(plan, fake, .resume, state: state) else {
            Issue.record("the wizard's rollback was not observed")
            return
        }
        #expect(fake.posts.count == before, "aeupgrade posts nothing: the operator performs the rollback")
        let zdu = fake.inspect { $0.systemState().zdu }
        #expect(zdu.phase == .compatibility && zdu.rolledBack == true)
        expectZeroDowntime(fake.inspect { $0.report() })
    }

    @Test func rollbackAfterFinalizeIsRefusedNamingTheStep() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let state = Fixtures.tempDirectory()
        #expect(try await drive(plan, fake, state: state).result == .done)
        let journalPath = "\(state)/\(plan.system).journal.jsonl"
        let before = try Data(contentsOf: URL(fileURLWithPath: journalPath))
        do {
            _ = try await run(plan, fake, .rollback, state: state)
            Issue.record("a rollback after finalize was accepted")
        } catch {
            guard case .rollback(.finalized(let step)) = error else { throw error }
            #expect(step == "zdu.finalize")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: journalPath)) == before,
                "a refused rollback journals nothing: the finished upgrade stays done, not halted")
        #expect(try await run(plan, fake, state: state) == .done, "apply afterwards: already done")
    }

    @Test func haltLeavesTheFarmThenResumeFinishes() async throws {
        let plan = try Fixtures.plan("seed-phase1") { $0.policy.onFailure = .halt }
        let fake = FakeNodeClient(topology: plan.topology)
        let state = Fixtures.tempDirectory()
        try fake.wizard(.dbLoad(version: "24.4.4"))
        fake.failPosts(ContractPath.targetStart, count: 100)
        let halted = try await run(plan, fake, state: state)
        guard case .halted(let step, _) = halted else { Issue.record("got \(halted)"); return }
        #expect(step == "DC2/AE_1B/target.start")
        fake.failPosts(ContractPath.targetStart, count: 0)
        #expect(try await drive(plan, fake, .resume, state: state).result == .done)
        expectZeroDowntime(fake.inspect { $0.report() })
    }

    @Test func aRunRefusedWithEveryNodeDownEndsItsJournalAndKeepsAHaltedUpgradeHalted() async throws {
        let plan = try Fixtures.plan("seed-phase1") { $0.policy.onFailure = .halt }
        let fake = FakeNodeClient(topology: plan.topology)
        let state = Fixtures.tempDirectory()
        for node in plan.topology.nodes { fake.setDown(node.name) }
        let log = EventLog()
        do {
            _ = try await run(plan, fake, state: state, log: log)
            Issue.record("an apply with every node down went on")
        } catch {
            guard case .node = error else { throw error }
        }
        let journalPath = "\(state)/\(plan.system).journal.jsonl"
        #expect(try Journal.read(path: journalPath).records.last?.outcome == RunOutcome.refused.rawValue)
        guard case .runFinished(.refused, _) = log.all.last else { Issue.record("\(log.lines)"); return }
        for node in plan.topology.nodes { fake.setDown(node.name, false) }

        try fake.wizard(.dbLoad(version: "24.4.4"))
        fake.failPosts(ContractPath.targetStart, count: 100)
        guard case .halted = try await run(plan, fake, state: state) else { Issue.record("did not halt"); return }
        for node in plan.topology.nodes { fake.setDown(node.name) }
        await #expect(throws: RunError.self) { try await run(plan, fake, .resume, state: state) }
        for node in plan.topology.nodes { fake.setDown(node.name, false) }
        do {
            _ = try await run(plan, fake, state: state)
            Issue.record("apply went on from a halted upgrade after a refused resume")
        } catch {
            guard case .needsDecision(let found, _, _) = error else { throw error }
            #expect(found.hasPrefix("halted"))
        }
    }

    @Test func driftOnResumeIsRefused() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let state = Fixtures.tempDirectory()
        try fake.wizard(.dbLoad(version: "24.4.4"))
        #expect(try await run(plan, fake, state: state) == .paused(["zdu.switch"]))
        fake.mutate { model in
            _ = model.submit(.targetStop, on: "AE_1B", key: "by-hand")
            model.advance(by: 600)
        }
        do {
            _ = try await run(plan, fake, .resume, state: state)
            Issue.record("drift was not detected")
        } catch {
            guard case .drift(let differences) = error else { throw error }
            #expect(differences.count == 1)
            #expect(differences.first?.hasPrefix("DC2/AE_1B/target.verify: recorded done, but its postcondition no "
                + "longer holds") == true)
        }
    }

    @Test func farmNotMatchingThePlanIsRefusedAtFirstApply() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        var other = plan.topology
        other.versions.base = "24.4.0"
        let fake = FakeNodeClient(topology: other)
        do {
            _ = try await run(plan, fake, state: Fixtures.tempDirectory())
            Issue.record("stale farm accepted")
        } catch {
            guard case .drift(let differences) = error else { throw error }
            #expect(differences.contains("AE_1A: installed version is 24.4.0, the plan expects 24.4.1"))
        }
        #expect(fake.posts.isEmpty)
    }

    @Test func stalePlanIsRefused() async throws {
        var plan = try Fixtures.plan("seed-phase1")
        plan.topology.nodes[0].wps = 2
        let fake = FakeNodeClient(topology: plan.topology)
        do {
            _ = try await run(plan, fake, state: Fixtures.tempDirectory())
            Issue.record("stale plan accepted")
        } catch {
            guard case .stale(let reason) = error else { throw error }
            #expect(reason.contains("does not match its topology"))
        }
        #expect(fake.posts.isEmpty)
    }

    @Test func unfinishedJournalOfAnotherPlanIsRefused() async throws {
        let first = try Fixtures.plan("seed-phase1") { $0.policy.gateBetweenDCs = .approval }
        let second = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: first.topology)
        let state = Fixtures.tempDirectory()
        _ = try await run(first, fake, state: state, approveAll: false)
        do {
            _ = try await run(second, fake, state: state)
            Issue.record("another plan's journal was accepted")
        } catch {
            guard case .journal(.otherPlan) = error else { throw error }
        }
    }

    @Test func resumeRecordsInDoubtStepsWhosePostconditionHoldsWithoutPostingAgain() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let state = Fixtures.tempDirectory()
        let hash = PlanIdentity.hash(plan)
        let journal = try Journal(path: UpgradeRun<ContinuousClock>.journalPath(stateDirectory: state, system: "PROD"))
        try journal.append(.init(event: .runStarted, time: Journal.timestamp(), planHash: hash, generation: 1))
        for step in plan.steps where step.kind == .binariesStage {
            let key = IdempotencyKey.make(planHash: hash, stepId: step.id)
            try journal.append(.init(event: .stepStarted, time: Journal.timestamp(), phase: .forward, step: step.id,
                attempt: 1, key: key))
            _ = try await fake.post(step.nodes[0], path: ContractPath.binariesStage, body: .init(version: "24.4.4"),
                idempotencyKey: key)
        }
        while fake.inspect({ $0.nodeState("AE_1B")?.stagedVersion }) == nil { _ = try await fake.node("AE_1B") }
        let log = EventLog()
        #expect(try await drive(plan, fake, .resume, state: state, log: log).result == .done)
        #expect(log.all.contains(.reconciled(step: "DC1/AE_1A/binaries.stage")))
        #expect(fake.posts.filter { $0.path == ContractPath.binariesStage }.count == 2)
        #expect(fake.inspect { $0.report().effects.duplicates } == 0)
    }
}
