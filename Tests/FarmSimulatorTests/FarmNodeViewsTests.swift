@testable import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradePlan

/// `GET /v1/node` answers published by the engine (Server/NodeViews): as fresh as asking the model each time.
@Suite("SimulatedFarm: published node views")
struct FarmNodeViewsTests {
    @Test("node views stay unchanged until the next operation end, takeover or drain deadline; while draining, no time")
    func stableUntil() {
        var model = Fixtures.busyModel()
        #expect(model.nodeViewsStableUntil == .infinity)
        model.run(.cpsStop, on: "AE_1B", key: "cps")
        #expect(model.nodeViewsStableUntil == 10)
        model.advance(by: 41)
        #expect(model.nodeViewsStableUntil == .infinity)
        model.run(.wpsStop(drain: true), on: "AE_1A", key: "wps")
        #expect(model.nodes[0].drainDeadline != nil)
        #expect(model.nodeViewsStableUntil == model.now)
        model.advance(by: 30)  // jobs run 20 s: the drain ended, the PWP's WP stopped, the takeover is pending
        #expect(model.nodes[0].drainDeadline == nil)
        #expect(model.takeoverAt != nil && model.nodeViewsStableUntil == model.takeoverAt)
    }

    @Test("with a scaled clock the first GET /v1/node after an operation's end shows its effect, nothing else asked")
    func freshAfterOperation() async throws {
        let farm = try await SimulatedFarm.start(
            topology: Fixtures.small(), options: SimulationOptions(clock: .scaled(1000), seed: 3))
        let client = HTTPTestClient()
        let node = farm.endpoints.nodes["AE_1B"]!
        let before = try await client.get(node + ContractPath.node).decode(NodeState.self)
        #expect(before.processes.filter { $0.kind == .cp }.allSatisfy { $0.state == .running })
        let posted = ContinuousClock.now
        #expect(try await client.post(node + ContractPath.cpsStop, key: "cps").status == 202)
        // cps/stop takes 10 simulated seconds: 10 ms at 1000x. 30 ms later it has ended for sure (a lower bound on
        // elapsed time, not a hope); the ticker, every 50 ms, may not have stepped the model since.
        try await Task.sleep(until: posted + .milliseconds(30))
        let after = try await client.get(node + ContractPath.node).decode(NodeState.self)
        #expect(after.processes.filter { $0.kind == .cp || $0.kind == .jcp }.allSatisfy { $0.state == .stopped })
        await farm.stop()
    }

    @Test("manual clock: GET /v1/node shows a POST's operation running, then its effect once the clock passes its end")
    func manualClock() async throws {
        try await Fixtures.withFarm { farm in
            let client = HTTPTestClient()
            let node = farm.endpoints.nodes["AE_1B"]! + ContractPath.node
            func cps() async throws -> [ProcessRunState] {
                try await client.get(node).decode(NodeState.self).processes.filter { $0.kind == .cp }.map(\.state)
            }
            let stage = try await client.post(
                farm.endpoints.nodes["AE_1B"]! + ContractPath.binariesStage, key: "stage",
                json: #"{"version": "24.4.4"}"#)
            #expect(stage.status == 202)
            #expect(try await client.get(node).decode(NodeState.self).stagedVersion == nil)
            await farm.advance(seconds: 119)
            #expect(try await client.get(node).decode(NodeState.self).stagedVersion == nil)
            await farm.advance(seconds: 1)
            #expect(try await client.get(node).decode(NodeState.self).stagedVersion == "24.4.4")
            try await farm.inject(Fault(kind: .crash, process: "AE_1B/CP1"))
            #expect(try await cps() == [.stopped, .running])
        }
    }
}
