import NodeContract
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// How the executor saves requests: health checks share whole-farm reads, polls follow the node's eta.
@Suite("Shared farm reads and eta-paced polling")
struct SharedReadAndPollTests {
    /// Counts the reads a fetch made.
    actor Reads {
        var count = 0
        func fetch() -> Result<LiveState, NodeError> {
            count += 1
            return .success(LiveState(
                nodes: [:], system: SystemState(
                    system: "S", pwp: nil, zdu: ZDUState(phase: .off, base: "21.0.5"), health: .up, netAreas: []),
                unreachable: ["AE_1A": "read \(count)"]))
        }
    }

    @Test("checks released at the same moment share one read; a check released after that read started reads again")
    // The same mark stands for "released together"; `later` is a release after the first read started.
    func checksReleasedTogetherShareOneRead() async {
        let reads = Reads()
        let shared = SharedFarmRead<Int>()
        let releases = ReleaseCounter()
        let released = releases.advance()
        let later = releases.advance()
        async let first = shared.read(notBefore: released, now: released) { await reads.fetch() }
        async let second = shared.read(notBefore: released, now: released) { await reads.fetch() }
        let together = await [first, second].map { try? $0.get().unreachable["AE_1A"] }
        #expect(together == ["read 1", "read 1"])
        let reused = try? await shared.read(notBefore: released, now: later) { await reads.fetch() }.get()
        #expect(reused?.unreachable["AE_1A"] == "read 1", "a read started after the release is recent enough")
        let fresh = try? await shared.read(notBefore: later, now: later) { await reads.fetch() }.get()
        #expect(fresh?.unreachable["AE_1A"] == "read 2", "a read older than the release is never reused")
        #expect(await reads.count == 2)
    }

    @Test("a running operation's eta sets the next poll, scaled, within the poll interval and the deadline")
    func pollsFollowTheNodesEta() throws {
        let plan = try Fixtures.plan("seed-phase1")
        let clock = ContinuousClock()
        var runner = StepRunner(
            client: FakeNodeClient(topology: plan.topology), topology: plan.topology, planHash: "h", generation: 1,
            version: "24.4.1", pollInterval: .milliseconds(10), stepTimeout: .seconds(60), clock: clock)
        runner.timeScale = 100
        let deadline = clock.now.advanced(by: .seconds(60))
        func operation(eta: Double?) -> NodeContract.Operation {
            Operation(id: "op-1", action: "cps/stop", node: "AE_1A", state: .running, idempotencyKey: "k",
                etaSeconds: eta)
        }
        #expect(runner.pause(before: operation(eta: nil), deadline: deadline) == .milliseconds(10))
        #expect(runner.pause(before: operation(eta: 20), deadline: deadline) == .milliseconds(200))
        #expect(runner.pause(before: operation(eta: 0.1), deadline: deadline) == .milliseconds(10))
        let soon = clock.now.advanced(by: .milliseconds(50))
        let capped = runner.pause(before: operation(eta: 3600), deadline: soon)
        #expect(capped <= .milliseconds(50) && capped >= .milliseconds(10))
    }
}
