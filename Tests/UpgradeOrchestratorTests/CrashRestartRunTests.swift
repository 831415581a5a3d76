import FarmSimulator
import Foundation
import NodeContract
import Synchronization
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// `policy.onCrashedTargetProcess: restart` on whole runs over the in-memory farm (`FakeNodeClient`, `JumpClock`):
/// a target process that crashes during a soak is started again once and the run finishes; a base process is never
/// started again; without the policy the crash fails the run as before.
@Suite("crashed target processes restarted per policy")
struct CrashRestartRunTests {
    struct Outcome {
        var result: RunResult?
        var log: EventLog
        var fake: FakeNodeClient
        var journal: [JournalRecord]
        var plan: Plan
    }

    /// Applies seed phase 1 (the operator performing each wizard step), crashing `process` once, when the first
    /// soak gate starts soaking.
    func apply(crashing process: String, policy: CrashedProcessAction, maxRestarts: Int = 1) async throws -> Outcome {
        let plan = try Fixtures.plan("seed-phase1") {
            $0.policy.onCrashedTargetProcess = policy
            $0.policy.maxRestarts = maxRestarts
            $0.policy.onFailure = .halt
        }
        let gate = try #require(plan.steps.first { $0.kind == .gate && $0.gate != Gate.none })
        let fake = FakeNodeClient(topology: plan.topology)
        let injected = Mutex(false)
        let log = EventLog { event in
            guard case .soaking(gate.id) = event, !injected.withLock({ $0 }) else { return }
            injected.withLock { $0 = true }
            fake.mutate { _ = $0.inject(Fault(kind: .crash, process: process)) }
        }
        let state = Fixtures.tempDirectory()
        var options = RunOptions(
            stateDirectory: state, parallel: 1, approveAll: true, timeScale: 1,
            pollInterval: .seconds(5), stepTimeout: .seconds(900), retryDelay: .seconds(2))
        options.windowLeft = nil
        let (result, _) = try await WizardOperator.drive(plan, run: { mode in
            try await UpgradeRun(
                plan: plan, client: fake, options: options, clock: JumpClock(), emit: { await log.append($0) }
            ).execute(mode)
        }, perform: { try fake.wizard($0) })
        #expect(injected.withLock { $0 }, "the crash was injected at \(gate.id)")
        let journal = try Journal.read(path: UpgradeRun<JumpClock>.journalPath(stateDirectory: state, system: "PROD"))
        return Outcome(result: result, log: log, fake: fake, journal: journal.records, plan: plan)
    }

    func restarts(_ log: EventLog) -> [ProcessRestart] {
        log.all.compactMap { if case .processRestarted(let restart) = $0 { restart } else { nil } }
    }

    @Test func aTargetProcessCrashedDuringASoakIsRestartedOnceAndTheRunFinishes() async throws {
        let outcome = try await apply(crashing: "AE_1B/WP2@24.4.4", policy: .restart)
        #expect(outcome.result == .done, "\(outcome.log.lines.suffix(4))")
        let restarts = restarts(outcome.log)
        #expect(restarts.map(\.process) == ["AE_1B/WP2@24.4.4"])
        #expect(restarts.first?.number == 1 && restarts.first?.limit == 1 && restarts.first?.node == "AE_1B")
        let key = try #require(restarts.first?.key)
        #expect(key.hasPrefix(PlanIdentity.hash(outcome.plan) + ":restart/AE_1B/WP2@24.4.4:run"))
        #expect(key.hasSuffix(":1"), "the first restart of the process")
        #expect(outcome.fake.posts.filter { $0.key == key }.map(\.path) == [ContractPath.targetStart],
            "one POST target/start under the restart's own key")
        let records = outcome.journal.filter { $0.event == .processRestarted }
        #expect(records.map(\.process) == ["AE_1B/WP2@24.4.4"] && records.first?.attempt == 1)
        #expect(records.first?.step?.hasPrefix("gate/") == true)
        let running = outcome.fake.inspect { model in
            model.nodeState("AE_1B")?.processes.first { $0.id == "AE_1B/WP2@24.4.4" }?.state
        }
        #expect(running == .running)
    }

    @Test func withoutThePolicyTheSameCrashFailsTheRunNamingTheProcess() async throws {
        let outcome = try await apply(crashing: "AE_1B/WP2@24.4.4", policy: .fail)
        #expect(outcome.result != .done)
        #expect(restarts(outcome.log).isEmpty)
        #expect(outcome.log.lines.contains { $0.contains("crashed AE_1B/WP2@24.4.4") })
    }

    @Test func aBaseProcessCrashIsNeverRestartedEvenWithThePolicy() async throws {
        let outcome = try await apply(crashing: "AE_1A/WP2", policy: .restart, maxRestarts: 3)
        #expect(outcome.result != .done)
        #expect(restarts(outcome.log).isEmpty)
        #expect(outcome.fake.posts.allSatisfy { !$0.key.contains(":restart/") }, "no restart POST")
        #expect(outcome.log.lines.contains { $0.contains("crashed AE_1A/WP2") })
        #expect(outcome.log.lines.contains { $0.contains("AE_1A/WP2 is a base-version process: it is never restarted") },
            "\(outcome.log.lines.suffix(3))")
        let state = outcome.fake.inspect { model in
            model.nodeState("AE_1A")?.processes.first { $0.id == "AE_1A/WP2" }?.state
        }
        #expect(state == .stopped)
    }
}
