import FarmSimulator
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NodeContract
import Testing
import UpgradePlan

/// Simulator-only details over HTTP: faults, the admin endpoint, two nodes (the shared contract suite in
/// NodeContractTests covers auth, errors and idempotency on both servers).
@Suite("SimulatedFarm over HTTP: contract and faults")
struct FarmHTTPContractTests {
    @Test("a node-down fault looks like a network failure (connection refused), and clears")
    func nodeDown() async throws {
        try await Fixtures.withFarm { farm in
            let client = HTTPTestClient()
            let admin = farm.endpoints.admin
            let node = farm.endpoints.nodes["AE_1B"]! + ContractPath.node
            #expect(try await client.get(node).status == 200)
            let injected = try await client.send(
                "POST", admin + "/faults", json: #"{"kind": "nodeDown", "node": "AE_1B"}"#)
            #expect(injected.status == 201)
            await #expect(throws: URLError.self) { _ = try await client.get(node) }
            #expect(try await client.get(farm.endpoints.nodes["AE_1A"]! + ContractPath.node).status == 200)
            #expect(try await client.send("DELETE", admin + "/faults").status == 200)
            #expect(try await client.get(node).status == 200)
        }
    }

    @Test("an errors fault answers 503 problem+json; a fault naming an unknown node is 422")
    func errorFault() async throws {
        try await Fixtures.withFarm { farm in
            try await farm.inject(Fault(kind: .errors, node: "AE_1A", rate: 1))
            let answer = try await HTTPTestClient().get(farm.endpoints.nodes["AE_1A"]! + ContractPath.node)
            #expect(answer.status == 503)
            #expect(answer.contentType == ContractHeader.problemJSON)
            let bad = try await HTTPTestClient().send(
                "POST", farm.endpoints.admin + "/faults", json: #"{"kind": "slow", "node": "NOPE", "delayMs": 5}"#)
            #expect(bad.status == 422)
        }
    }

    @Test("a lost answer (errors with afterEffect) applied the effect once; the retry with the same key gets it")
    func lostAnswer() async throws {
        try await Fixtures.withFarm { farm in
            try await farm.inject(Fault(kind: .errors, node: "AE_1B", rate: 1, afterEffect: true))
            let target = farm.endpoints.nodes["AE_1B"]! + ContractPath.cpsStandby
            #expect(try await HTTPTestClient().post(target, key: "retry-me").status == 503)
            #expect(try await HTTPTestClient().post(target, key: "retry-me").status == 503)
            try await farm.clearFaults()
            let retry = try await HTTPTestClient().post(target, key: "retry-me")
            #expect(retry.status == 202)
            #expect(try retry.decode(Operation.self).id == "op-1")
            await farm.advance(seconds: 20)
            #expect(await farm.report().effects.perKey == ["retry-me": 1])
        }
    }

    @Test("a handover to a node the farm does not have is 422 problem+json")
    func unknownNode() async throws {
        try await Fixtures.withFarm { farm in
            let answer = try await HTTPTestClient().post(
                farm.endpoints.nodes["AE_1A"]! + ContractPath.pwpHandover, key: "z", json: #"{"to": "AE_9Z"}"#)
            #expect(answer.status == 422)
            #expect(answer.contentType == ContractHeader.problemJSON)
            #expect(try answer.decode(Problem.self).status == 422)
        }
    }

    @Test("a node operation is polled on its own node; system operations on any node")
    func operationScope() async throws {
        try await Fixtures.withFarm { farm in
            let client = HTTPTestClient()
            let a = farm.endpoints.nodes["AE_1A"]!, b = farm.endpoints.nodes["AE_1B"]!
            let node = try await client.post(a + ContractPath.cpsStandby, key: "n").decode(Operation.self)
            let system = try await client.post(a + ContractPath.zduPrepare, key: "s", json: #"{"version": "24.4.1"}"#)
                .decode(Operation.self)
            #expect(try await client.get(b + ContractPath.operation(id: node.id)).status == 404)
            #expect(try await client.get(b + ContractPath.operation(id: system.id)).status == 200)
            #expect(system.node == nil && node.node == "AE_1A")
        }
    }
}
