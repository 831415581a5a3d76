import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// Whole runs against the in-memory fake (the simulator's model, no sockets).
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

    @Test func fullUpgradeEndsOnTargetWithoutLostJobsOrDuplicateEffects() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let result = try await run(plan, fake, state: Fixtures.tempDirectory())
        #expect(result == .done)
        let report = fake.inspect { $0.report() }
        #expect(report.nodes.allSatisfy { $0.installedVersion == "24.4.1" && $0.processesRunning == $0.processes })
        #expect(report.zdu.phase == .finalized)
        #expect(report.netAreas.allSatisfy { $0.home == $0.agents })
        #expect(report.jobs.lost == 0)
        #expect(report.effects.duplicates == 0)
    }

    @Test func failingStepIsRetriedThenRolledBackToBase() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        fake.failPosts(ContractPath.binariesInstall, count: 100)
        let log = EventLog()
        let result = try await run(plan, fake, state: Fixtures.tempDirectory(), log: log)
        guard case .rolledBack(let step, _) = result else { Issue.record("got \(result)"); return }
        #expect(step == "DC2/AE_1B/binaries.install")
        let installs = fake.posts.filter { $0.path == ContractPath.binariesInstall }.map(\.key)
        #expect(installs.count == plan.topology.policy.retries)
        #expect(Set(installs).count == 1, "every attempt of a step posts the step's one Idempotency-Key")
        let report = fake.inspect { $0.report() }
        #expect(report.zdu.phase == .off)
        #expect(report.nodes.allSatisfy { $0.installedVersion == "21.0.5" && $0.processesRunning == $0.processes })
        #expect(report.nodes.allSatisfy { $0.cpMode == .active })
        #expect(report.jobs.lost == 0)
        #expect(log.lines.contains { $0.hasPrefix("ROLLBACK: DC2/AE_1B/binaries.install failed") })
    }

    @Test func haltLeavesTheFarmThenResumeFinishes() async throws {
        let plan = try Fixtures.plan("seed-phase1") { $0.policy.onFailure = .halt }
        let fake = FakeNodeClient(topology: plan.topology)
        let state = Fixtures.tempDirectory()
        fake.failPosts(ContractPath.processesStart, count: 100)
        let halted = try await run(plan, fake, state: state)
        guard case .halted(let step, _) = halted else { Issue.record("got \(halted)"); return }
        #expect(step == "DC2/AE_1B/processes.start")
        #expect(fake.inspect { $0.nodeState("AE_1B")?.installedVersion } == "24.4.1")
        fake.failPosts(ContractPath.processesStart, count: 0)
        #expect(try await run(plan, fake, .resume, state: state) == .done)
        #expect(fake.inspect { $0.report().effects.duplicates } == 0)
    }

    @Test func haltThenRollbackCommandRestoresBase() async throws {
        let plan = try Fixtures.plan("seed-phase1") { $0.policy.onFailure = .halt }
        let fake = FakeNodeClient(topology: plan.topology)
        let state = Fixtures.tempDirectory()
        fake.failPosts(ContractPath.cpsActivate, count: 100)
        _ = try await run(plan, fake, state: state)
        fake.failPosts(ContractPath.cpsActivate, count: 0)
        guard case .rolledBack = try await run(plan, fake, .rollback, state: state) else {
            Issue.record("rollback did not finish")
            return
        }
        let report = fake.inspect { $0.report() }
        #expect(report.nodes.allSatisfy { $0.installedVersion == "21.0.5" && $0.processesRunning == $0.processes })
        #expect(report.zdu.phase == .off)
    }

    @Test func pausesBeforeFinalizeWithoutApprovalThenApproveAllFinishes() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let state = Fixtures.tempDirectory()
        #expect(try await run(plan, fake, state: state, approveAll: false) == .paused(["zdu.finalize"]))
        #expect(fake.inspect { $0.systemState().zdu.phase } == .compatibility)
        #expect(try await run(plan, fake, .resume, state: state, approveAll: true) == .done)
    }

    @Test func driftOnResumeIsRefusedUnlessAccepted() async throws {
        let plan = try Fixtures.plan("seed-phase1") { $0.policy.gateBetweenDCs = .approval }
        let fake = FakeNodeClient(topology: plan.topology)
        let state = Fixtures.tempDirectory()
        #expect(try await run(plan, fake, state: state, approveAll: false) == .paused(["gate/DC1"]))
        _ = try await fake.post("AE_1A", path: ContractPath.pwpHandover, body: .init(to: "AE_1B"), idempotencyKey: "by-hand")
        while fake.inspect({ $0.systemState().pwp?.node }) != "AE_1B" { _ = try await fake.node("AE_1A") }
        do {
            _ = try await run(plan, fake, .resume, state: state)
            Issue.record("drift was not detected")
        } catch {
            guard case .drift(let differences) = error else { throw error }
            #expect(differences == ["system: the PWP is on AE_1B, the journal says AE_1A"])
        }
        #expect(try await run(plan, fake, .resume, state: state, acceptDrift: true) == .done)
    }

    @Test func farmNotMatchingThePlanIsRefusedAtFirstApply() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        var other = plan.topology
        other.versions.base = "20.1.0"
        let fake = FakeNodeClient(topology: other)
        do {
            _ = try await run(plan, fake, state: Fixtures.tempDirectory())
            Issue.record("stale farm accepted")
        } catch {
            guard case .drift(let differences) = error else { throw error }
            #expect(differences.contains("AE_1A: installed version is 20.1.0, the plan expects 21.0.5"))
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
            _ = try await fake.post(step.nodes[0], path: ContractPath.binariesStage, body: .init(version: "24.4.1"),
                idempotencyKey: key)
        }
        while fake.inspect({ $0.nodeState("AE_1B")?.stagedVersion }) == nil { _ = try await fake.node("AE_1B") }
        let log = EventLog()
        #expect(try await run(plan, fake, .resume, state: state, log: log) == .done)
        #expect(log.all.contains(.reconciled(step: "DC1/AE_1A/binaries.stage")))
        #expect(fake.posts.filter { $0.path == ContractPath.binariesStage }.count == 2)
        #expect(fake.inspect { $0.report().effects.duplicates } == 0)
    }
}
