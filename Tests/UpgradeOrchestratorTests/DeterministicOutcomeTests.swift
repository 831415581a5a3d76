import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// The same fault at the same simulated instant gives the same outcome: the in-memory farm moves only with the
/// run's requests, the run's clock only when the run waits (`JumpClock`), retries wait a jitter drawn from the step
/// and attempt (`Backoff.jitter`), and steps run one at a time.
@Suite("deterministic outcomes under a manual clock")
struct DeterministicOutcomeTests {
    /// The exit code `aeupgrade` gives a result (the CLI's table, docs/apply.md).
    static func exitCode(_ result: Result<RunResult, RunError>) -> Int {
        switch result {
        case .success(.done): 0
        case .success(.rolledBack): 4
        case .success(.halted): 5
        case .success(.paused), .success(.windowClosed): 75
        case .success(.stopped): 130
        case .failure(.journalWrite): 5
        case .failure: 1
        }
    }

    /// Applies seed phase 1 (DB load done ahead) and injects `fault` into the farm when `step` starts; returns the
    /// exit code and the run's event lines.
    func apply(injecting fault: Fault, when step: String) async throws -> (code: Int, lines: [String]) {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        try fake.wizard(.dbLoad(version: plan.topology.versions.target))
        let log = EventLog { event in
            if case .stepStarted(step, 1, .forward) = event { fake.mutate { _ = $0.inject(fault) } }
        }
        var options = RunOptions(
            stateDirectory: Fixtures.tempDirectory(), parallel: 1, approveAll: true, timeScale: 1,
            pollInterval: .seconds(5), stepTimeout: .seconds(900), retryDelay: .seconds(2))
        options.windowLeft = nil
        let run = UpgradeRun(
            plan: plan, client: fake, options: options, clock: JumpClock(), emit: { await log.append($0) })
        let result: Result<RunResult, RunError>
        do { result = .success(try await run.execute(.apply)) } catch { result = .failure(error) }
        return (Self.exitCode(result), log.lines)
    }

    @Test("a PWP crash as AE_1B's drain starts: the same exit code every time, naming the crashed WP")
    func pwpCrash() async throws {
        let fault = Fault(kind: .crash, process: "AE_1A/WP1")
        let first = try await apply(injecting: fault, when: "DC2/AE_1B/cp.drain")
        let second = try await apply(injecting: fault, when: "DC2/AE_1B/cp.drain")
        #expect(first.code == second.code)
        #expect(first.code != 0, "a crashed base WP fails the gates: \(first.lines.suffix(3))")
        #expect(first.lines.contains { $0.contains("crashed AE_1A/WP1") })
    }

    @Test("a partition between DC1 and DC2 as AE_1B's drain starts: the same exit code every time")
    func dcPartition() async throws {
        let fault = Fault(kind: .partition, datacenters: ["DC1", "DC2"])
        let first = try await apply(injecting: fault, when: "DC2/AE_1B/cp.drain")
        let second = try await apply(injecting: fault, when: "DC2/AE_1B/cp.drain")
        #expect(first.code == second.code)
        #expect(first.code != 0, "NA_DC2's agents cannot reach their fallback: \(first.lines.suffix(3))")
    }
}
