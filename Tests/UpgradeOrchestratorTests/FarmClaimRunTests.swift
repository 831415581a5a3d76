import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradeOrchestrator

/// The farm's claim around a run, on a simulated farm over HTTP: a run refused at its start check releases what
/// it claimed (a started upgrade keeps it), and a node down while the run claimed the farm is claimed before the
/// run's first change to it (a refusal halts the run, nothing sent to that node).
@Suite("farm claim: refused starts release, nodes down at the claim are claimed late")
struct FarmClaimRunTests {
    static func other(_ epoch: Int) -> FencingToken {
        FencingToken(system: "PROD", lineage: "bbbb2222", epoch: epoch, holder: "another orchestrator")
    }

    /// Runs `body` on a simulated seed-phase1 farm, stopped afterwards whatever happens.
    static func onFarm(fencePerNode: Bool = false, _ body: (SimulatorHarness) async throws -> Void) async throws {
        let harness = try await SimulatorHarness.start(try Fixtures.plan("seed-phase1"), fencePerNode: fencePerNode)
        do { try await body(harness) } catch {
            await harness.farm.stop()
            throw error
        }
        await harness.farm.stop()
    }

    @Test("a first apply refused by its start check (a crashed process) releases the farm it claimed")
    func refusedStartReleases() async throws {
        try await Self.onFarm { harness in
            try await harness.farm.inject(Fault(kind: .crash, process: "AE_1A/WP2"))
            let state = Fixtures.tempDirectory()
            await #expect(throws: RunError.self) { try await harness.run(state: state) }
            let fence = try await FenceRequests.state(harness.farm.endpoints.nodes["AE_1A"]!)
            #expect(fence.token?.system == "PROD")
            #expect(fence.released, "refused before any change: the farm is not left claimed")
            // Another state may claim it now, without --take-over-farm.
            let claim = try await FenceRequests.claim(harness.farm.endpoints.nodes["AE_1B"]!, Self.other(1), key: "b1")
            #expect(claim == 200)
        }
    }

    @Test("a run refused at its claim by one node releases the nodes that admitted it")
    func refusedClaimReleasesAdmitted() async throws {
        try await Self.onFarm(fencePerNode: true) { harness in
            // Another state's run drives the farm; its claim reached AE_1B only (AE_1A was down then).
            let other = harness.farm.endpoints.nodes["AE_1B"]!
            #expect(try await FenceRequests.claim(other, Self.other(1), key: "other") == 200)
            await #expect(throws: RunError.self) { try await harness.run(state: Fixtures.tempDirectory()) }
            let admitted = try await FenceRequests.state(harness.farm.endpoints.nodes["AE_1A"]!)
            #expect(admitted.token != nil && admitted.released, "AE_1A is not left claimed by a refused run")
            // The other run's late claim of AE_1A is admitted.
            #expect(try await FenceRequests.claim(
                harness.farm.endpoints.nodes["AE_1A"]!, Self.other(1), key: "other-late") == 200)
        }
    }

    @Test("a run refused at its start after claiming the farm with --take-over-farm keeps the claim")
    func refusedTakeoverKeepsClaim() async throws {
        try await Self.onFarm { harness in
            let node = harness.farm.endpoints.nodes["AE_1A"]!
            #expect(try await FenceRequests.claim(node, Self.other(1), key: "lost") == 200)
            try await harness.farm.inject(Fault(kind: .crash, process: "AE_1A/WP2"))
            var options = SimulatorHarness.options(state: Fixtures.tempDirectory())
            options.takeOverFarm = true
            let run = UpgradeRun(
                plan: harness.plan, client: harness.client, options: options, clock: ContinuousClock(),
                emit: { _ in })
            await #expect(throws: RunError.self) { try await run.execute(.apply) }
            let fence = try await FenceRequests.state(node)
            #expect(fence.token?.lineage != "bbbb2222" && !fence.released, "released, the lost state could claim it")
            #expect(try await FenceRequests.claim(node, Self.other(2), key: "lost-again") == 409)
        }
    }

    @Test("a first apply with a node down names it, is refused by the first-apply check, and releases its claim")
    func nodeDownAtFirstApply() async throws {
        try await Self.onFarm { harness in
            try await harness.farm.inject(Fault(kind: .nodeDown, node: "AE_1B"))
            let log = EventLog()
            do {
                _ = try await harness.run(state: Fixtures.tempDirectory(), log: log)
                Issue.record("a first apply with AE_1B down must be refused")
            } catch let error as RunError {
                guard case .drift(let differences) = error else { Issue.record("\(error)"); return }
                #expect(differences.contains { $0.hasPrefix("AE_1B: unreachable") }, "\(differences)")
            }
            #expect(log.lines.contains { $0.contains("node AE_1B could not be asked to admit this run's claim")
                && $0.contains("before its first change to AE_1B, and stops if AE_1B refuses") }, "\(log.lines)")
            #expect(try await FenceRequests.state(harness.farm.endpoints.nodes["AE_1A"]!).released)
        }
    }

    @Test("a resume refused by drift after the upgrade started keeps the farm claimed")
    func startedUpgradeKeepsClaim() async throws {
        try await Self.onFarm { harness in
            let state = Fixtures.tempDirectory()
            let first = try await harness.run(state: state)
            guard case .paused = first else {
                Issue.record("expected a pause at the operator's DB load: \(first)")
                return
            }
            try await harness.farm.inject(Fault(kind: .crash, process: "AE_1A/WP2"))
            await #expect(throws: RunError.self) { try await harness.run(.resume, state: state) }
            let fence = try await FenceRequests.state(harness.farm.endpoints.nodes["AE_1A"]!)
            #expect(fence.token != nil && !fence.released, "steps ran: the farm stays claimed for this state")
            let claim = try await FenceRequests.claim(harness.farm.endpoints.nodes["AE_1B"]!, Self.other(1), key: "b1")
            #expect(claim == 409)
        }
    }

    @Test("a node down at the claim, claimed by another run meanwhile: the run halts, nothing sent to it")
    func lateClaimRefusedHalts() async throws {
        try await Self.onFarm(fencePerNode: true) { harness in
            let node = harness.farm.endpoints.nodes["AE_1B"]!
            let farm = harness.farm
            try await farm.inject(Fault(kind: .nodeDown, node: "AE_1B"))
            // Once the run has claimed the farm without AE_1B, AE_1B comes back, claimed by another orchestrator.
            let log = EventLog { event in
                guard case .warning(let text) = event, text.contains("node AE_1B could not be asked") else { return }
                try? await farm.clearFaults()
                _ = try? await FenceRequests.claim(node, Self.other(3), key: "other")
            }
            let result = try await harness.run(state: Fixtures.tempDirectory(), log: log)
            guard case .halted(_, let reason) = result else { Issue.record("expected a halt: \(result)"); return }
            #expect(reason.contains("node AE_1B refused this run's claim of the farm"), "\(reason)")
            #expect(reason.contains("another orchestrator"), "the refusal names the run that holds AE_1B: \(reason)")
            #expect(!log.lines.contains { $0.contains("rollback") }, "no fallback: \(log.lines)")
            #expect(try await FenceRequests.operations(node, keyPrefix: "").isEmpty, "nothing was sent to AE_1B")
            #expect(try await FenceRequests.state(node).token == Self.other(3))
        }
    }

    @Test("a node down at the claim and back before its first step is claimed then, and the run goes on")
    func lateClaimAdmitted() async throws {
        try await Self.onFarm(fencePerNode: true) { harness in
            let node = harness.farm.endpoints.nodes["AE_1B"]!
            let farm = harness.farm
            try await farm.inject(Fault(kind: .nodeDown, node: "AE_1B"))
            let log = EventLog { event in
                guard case .warning(let text) = event, text.contains("node AE_1B could not be asked") else { return }
                try? await farm.clearFaults()
                // Back, and never claimed: a POST without a token would go through; the run claims it first.
                #expect((try? await FenceRequests.state(node))?.token == nil)
            }
            let result = try await harness.run(state: Fixtures.tempDirectory(), log: log)
            guard case .paused = result else {
                Issue.record("expected a pause at the operator's DB load: \(result)")
                return
            }
            let fence = try await FenceRequests.state(node)
            #expect(fence.token?.lineage != nil && !fence.released, "AE_1B is claimed for the run")
            #expect(try await FenceRequests.state(harness.farm.endpoints.nodes["AE_1A"]!).token == fence.token)
        }
    }
}
