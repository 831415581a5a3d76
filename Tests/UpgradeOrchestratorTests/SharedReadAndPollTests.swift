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
        async let first = shared.read(notBefore: released, now: { released }) { await reads.fetch() }
        async let second = shared.read(notBefore: released, now: { released }) { await reads.fetch() }
        let together = await [first, second].map { try? $0.get().unreachable["AE_1A"] }
        #expect(together == ["read 1", "read 1"])
        let reused = try? await shared.read(notBefore: released, now: { later }) { await reads.fetch() }.get()
        #expect(reused?.unreachable["AE_1A"] == "read 1", "a read started after the release is recent enough")
        let fresh = try? await shared.read(notBefore: later, now: { later }) { await reads.fetch() }.get()
        #expect(fresh?.unreachable["AE_1A"] == "read 2", "a read older than the release is never reused")
        #expect(await reads.count == 2)
    }

    /// A fetch that holds its first read until the test opens it.
    actor HeldReads {
        var count = 0
        private var opened = false
        private var holding: CheckedContinuation<Void, Never>?

        func fetch() async -> Result<LiveState, NodeError> {
            count += 1
            let number = count
            if number == 1 && !opened { await withCheckedContinuation { holding = $0 } }
            return .success(LiveState(
                nodes: [:], system: SystemState(
                    system: "S", pwp: nil, zdu: ZDUState(phase: .off, base: "21.0.5"), health: .up, netAreas: []),
                unreachable: ["AE_1A": "read \(number)"]))
        }

        func open() {
            opened = true
            holding?.resume()
            holding = nil
        }
    }

    @Test("checks released while a read runs wait for one next read together, never one read each")
    func checksReleasedDuringAReadShareTheNextOne() async throws {
        let reads = HeldReads()
        let shared = SharedFarmRead<Int>()
        let releases = ReleaseCounter()
        let first = releases.advance()
        let firstRead = Task { await shared.read(notBefore: first, now: { first }) { await reads.fetch() } }
        while await reads.count < 1 { await Task.yield() }
        // Three steps released one after another while the first read runs: it started too early for them.
        let late = (0..<3).map { _ in releases.advance() }
        let lateReads = late.map { mark in
            Task { await shared.read(notBefore: mark, now: { releases.current }) { await reads.fetch() } }
        }
        // Until the three wait, or one of them started a read of its own (the failure this test is about).
        while await shared.waitingChecks < 3, await reads.count == 1 { await Task.yield() }
        #expect(await reads.count == 1, "no second read starts while the first is in flight")
        await reads.open()
        #expect(try await firstRead.value.get().unreachable["AE_1A"] == "read 1")
        var seen: [String?] = []
        for task in lateReads { seen.append(try await task.value.get().unreachable["AE_1A"]) }
        #expect(seen == ["read 2", "read 2", "read 2"])
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
