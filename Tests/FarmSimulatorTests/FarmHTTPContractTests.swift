import FarmSimulator
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NodeContract
import Testing
import UpgradePlan

/// Simulator-only details over HTTP: faults, removed endpoints, operation scope (the shared contract suite in
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
            let target = farm.endpoints.nodes["AE_1B"]! + ContractPath.cpsStop
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

    @Test("the old model's endpoints are gone (cps/standby, cps/activate, pwp/handover, binaries/install, zdu/*): 404")
    func removedEndpoints() async throws {
        try await Fixtures.withFarm { farm in
            let base = farm.endpoints.nodes["AE_1A"]!
            for path in ["/v1/node/cps/standby", "/v1/node/cps/activate", "/v1/node/pwp/handover",
                         "/v1/node/binaries/install", "/v1/system/zdu/prepare", "/v1/system/zdu/finalize",
                         "/v1/system/zdu/rollback"] {
                let answer = try await HTTPTestClient().post(base + path, key: "k-\(path)", json: "{}")
                #expect(answer.status == 404, "\(path)")
                #expect(answer.contentType == ContractHeader.problemJSON)
            }
        }
    }

    @Test("target/start without a version is 422 problem+json")
    func missingVersion() async throws {
        try await Fixtures.withFarm { farm in
            let answer = try await HTTPTestClient().post(
                farm.endpoints.nodes["AE_1A"]! + ContractPath.targetStart, key: "z", json: "{}")
            #expect(answer.status == 422)
            #expect(try answer.decode(Problem.self).detail?.contains("version") == true)
        }
    }

    @Test("a node operation is polled on its own node only")
    func operationScope() async throws {
        try await Fixtures.withFarm { farm in
            let client = HTTPTestClient()
            let a = farm.endpoints.nodes["AE_1A"]!, b = farm.endpoints.nodes["AE_1B"]!
            let node = try await client.post(a + ContractPath.cpsStop, key: "n").decode(Operation.self)
            #expect(node.node == "AE_1A")
            #expect(try await client.get(b + ContractPath.operation(id: node.id)).status == 404)
            #expect(try await client.get(a + ContractPath.operation(id: node.id)).status == 200)
        }
    }
}
