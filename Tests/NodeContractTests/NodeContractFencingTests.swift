import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NodeContract
import NodeTestSupport
import Testing

/// Fencing (spec/node-api.yaml, `Fencing-Token`), the same assertions against the simulator and `aeupgrade-node`:
/// a newer epoch of a state fences the older one, another state's run is refused until the farm is released or
/// taken over explicitly, and a refused request changes nothing.
@Suite("node contract: fencing tokens")
struct NodeContractFencingTests {
    static func token(_ lineage: String, _ epoch: Int) -> FencingToken {
        FencingToken(system: "PROD", lineage: lineage, epoch: epoch, holder: "pid \(epoch) on host-\(lineage)")
    }

    /// `POST <base><path>` with the token, an Idempotency-Key, the fencing token and more headers.
    static func post(
        _ server: any ContractServer, _ path: String, key: String, fence: FencingToken?, body: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> Reply {
        var request = URLRequest(url: URL(string: server.base + path)!)
        request.httpMethod = "POST"
        request.timeoutInterval = 30
        request.setValue("Bearer \(server.token)", forHTTPHeaderField: "Authorization")
        request.setValue(key, forHTTPHeaderField: ContractHeader.idempotencyKey)
        if let fence { request.setValue(fence.header, forHTTPHeaderField: ContractHeader.fencingToken) }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        var replyHeaders: [String: String] = [:]
        for case let (name as String, value as String) in http?.allHeaderFields ?? [:] {
            replyHeaders[name.lowercased()] = value
        }
        return Reply(status: http?.statusCode ?? 0, body: data, headers: replyHeaders)
    }

    /// A reply: status, body, headers (names lowercased).
    struct Reply {
        let status: Int
        let body: Data
        let headers: [String: String]
        var text: String { String(decoding: body, as: UTF8.self) }
        var contentType: String? { headers["content-type"] }
        func json<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(type, from: body) }
    }

    @Test("a lower epoch of the same state is refused with 409 naming the newer run; nothing changes",
          arguments: ContractTarget.allCases)
    func lowerEpochIsFenced(_ target: ContractTarget) async throws {
        try await target.run { server in
            let old = Self.token("aaaa1111", 3)
            let new = Self.token("aaaa1111", 4)
            #expect(try await Self.post(server, ContractPath.fence, key: "c3", fence: old).status == 200)
            #expect(try await Self.post(server, ContractPath.fence, key: "c4", fence: new).status == 200)
            let refused = try await Self.post(server, ContractPath.cpsStop, key: "late", fence: old)
            #expect(refused.status == 409)
            #expect(refused.contentType == ContractHeader.problemJSON)
            let detail = try refused.json(Problem.self).detail ?? ""
            #expect(detail.contains("a newer run drives PROD: epoch 4 of state aaaa1111 (pid 4 on host-aaaa1111)"))
            try await NodeContractTests.expectUntouched(server)
            let state = try await server.get(ContractPath.fence).json(FenceState.self)  // GET shows what it holds
            #expect(state.token == new && !state.released)
        }
    }

    @Test("another state's run is refused until the farm is released, or on an explicit takeover",
          arguments: ContractTarget.allCases)
    func anotherStateNeedsReleaseOrTakeover(_ target: ContractTarget) async throws {
        try await target.run { server in
            let first = Self.token("aaaa1111", 1)
            let other = Self.token("bbbb2222", 7)
            #expect(try await Self.post(server, ContractPath.fence, key: "a1", fence: first).status == 200)
            let refused = try await Self.post(server, ContractPath.fence, key: "b7", fence: other)
            #expect(refused.status == 409)
            #expect(try refused.json(Problem.self).detail?.contains("driven by another state's run, epoch 1 of "
                + "state aaaa1111") == true)
            let refusedPost = try await Self.post(server, ContractPath.cpsStop, key: "b7-stop", fence: other)
            #expect(refusedPost.status == 409)
            try await NodeContractTests.expectUntouched(server)

            // Released by its holder: the other state may claim the farm.
            #expect(try await Self.post(server, ContractPath.fenceRelease, key: "r1", fence: first).status == 200)
            #expect(try await Self.post(server, ContractPath.fence, key: "b7-again", fence: other).status == 200)
            // The first state, now unreleased-over, is refused; an explicit takeover claims it back.
            #expect(try await Self.post(server, ContractPath.fence, key: "a2", fence: Self.token("aaaa1111", 2))
                .status == 409)
            let takeover = try await Self.post(
                server, ContractPath.fence, key: "a2-takeover", fence: Self.token("aaaa1111", 2),
                headers: [ContractHeader.fencingTakeover: "true"])
            #expect(takeover.status == 200)
            #expect(try takeover.json(FenceState.self).token == Self.token("aaaa1111", 2))
        }
    }

    @Test("a request carrying the current token goes through; a claim with a malformed token is 400",
          arguments: ContractTarget.allCases)
    func currentTokenPasses(_ target: ContractTarget) async throws {
        try await target.run { server in
            let token = Self.token("cccc3333", 1)
            #expect(try await Self.post(server, ContractPath.fence, key: "c1", fence: token).status == 200)
            let staged = try await Self.post(
                server, ContractPath.binariesStage, key: "stage", fence: token, body: NodeContractTests.stageTarget)
            #expect(staged.status == 202, "\(staged.text)")
            var request = URLRequest(url: URL(string: server.base + ContractPath.fence)!)
            request.httpMethod = "POST"
            request.setValue("Bearer \(server.token)", forHTTPHeaderField: "Authorization")
            request.setValue("bad", forHTTPHeaderField: ContractHeader.idempotencyKey)
            request.setValue("epoch=x", forHTTPHeaderField: ContractHeader.fencingToken)
            let (_, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 400)
            try await server.finishRunningOperations()
        }
    }
}
