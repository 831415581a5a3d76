import Foundation
import NodeContract
import NodeTestSupport
import Testing

/// Requests without a `Fencing-Token` (an operator's script, a stale tool, a client older than fencing), the same
/// assertions against the simulator and `aeupgrade-node`: refused with 409 naming the run while a run holds the
/// farm, let through while none does; a value that is not a token is 400 in either case.
@Suite("node contract: POSTs without a fencing token")
struct NodeContractUnfencedTests {
    static let holder = NodeContractFencingTests.token("dddd4444", 5)

    /// Every mutating POST of the contract with a body it accepts (the wizard's need a node that has its command).
    static let mutating: [(path: String, body: String?)] = [
        (ContractPath.binariesStage, NodeContractTests.stageTarget), (ContractPath.cpsStop, nil),
        (ContractPath.wpsStop, #"{"drain": false}"#), (ContractPath.targetStart, NodeContractTests.stageTarget),
        (ContractPath.targetStop, nil), (ContractPath.processesStart, nil),
    ]

    /// Polls the operation a POST answered with until it leaves `running`.
    static func settle(
        _ server: any ContractServer, _ reply: NodeContractFencingTests.Reply
    ) async throws -> NodeContract.Operation {
        try await HTTP.settle(server.base, reply.json(NodeContract.Operation.self).id, token: server.token)
    }

    @Test("while a run holds the farm, every mutating POST without a token is 409 naming the run; nothing changes",
          arguments: ContractTarget.allCases)
    func refusedWhileClaimed(_ target: ContractTarget) async throws {
        try await target.run { server in
            let claim = try await NodeContractFencingTests.post(
                server, ContractPath.fence, key: "claim", fence: Self.holder)
            #expect(claim.status == 200)
            for (index, request) in Self.mutating.enumerated() {
                let reply = try await NodeContractFencingTests.post(
                    server, request.path, key: "unfenced-\(index)", fence: nil, body: request.body)
                #expect(reply.status == 409, "\(request.path): \(reply.text)")
                #expect(reply.contentType == ContractHeader.problemJSON)
                let detail = try reply.json(Problem.self).detail ?? ""
                #expect(detail.contains("PROD is driven by epoch 5 of state dddd4444 (pid 5 on host-dddd4444)"),
                    "\(request.path): \(detail)")
            }
            try await NodeContractTests.expectUntouched(server)
            let state = try await server.get(ContractPath.fence).json(FenceState.self)
            #expect(state == FenceState(token: Self.holder), "a refused request changes no fencing state either")
            // The holder's own token still goes through.
            let staged = try await NodeContractFencingTests.post(
                server, ContractPath.binariesStage, key: "holder", fence: Self.holder,
                body: NodeContractTests.stageTarget)
            #expect(staged.status == 202, "\(staged.text)")
            try await server.finishRunningOperations()
        }
    }

    @Test("without a token a POST goes through on a farm never claimed, and on one released",
          arguments: ContractTarget.allCases)
    func passesWhileUnclaimed(_ target: ContractTarget) async throws {
        try await target.run { server in
            let never = try await NodeContractFencingTests.post(
                server, ContractPath.binariesStage, key: "never", fence: nil, body: NodeContractTests.stageTarget)
            #expect(never.status == 202, "\(never.text)")
            try await server.finishRunningOperations()
            #expect(try await Self.settle(server, never).state == .succeeded)

            #expect(try await NodeContractFencingTests.post(
                server, ContractPath.fence, key: "claim", fence: Self.holder).status == 200)
            #expect(try await NodeContractFencingTests.post(
                server, ContractPath.cpsStop, key: "while-claimed", fence: nil).status == 409)
            #expect(try await NodeContractFencingTests.post(
                server, ContractPath.fenceRelease, key: "release", fence: Self.holder).status == 200)
            let released = try await NodeContractFencingTests.post(
                server, ContractPath.cpsStop, key: "released", fence: nil)
            #expect(released.status == 202, "\(released.text)")
            try await server.finishRunningOperations()
            #expect(try await Self.settle(server, released).state == .succeeded)
        }
    }

    @Test("a Fencing-Token that is not a token is 400 on a mutating POST, claimed or not; no key is 400 first",
          arguments: ContractTarget.allCases)
    func malformedIsBadRequest(_ target: ContractTarget) async throws {
        try await target.run { server in
            let malformed = [
                "epoch=x", "garbage", "system=PROD; lineage=aaaa; epoch=1",
                "lineage=aaaa; system=PROD; epoch=1; holder=h", "system=PROD; lineage=aaaa; epoch=-1; holder=h",
                "system=PROD; lineage=a%zz; epoch=1; holder=h", "system=; lineage=aaaa; epoch=1; holder=h",
            ]
            for claimed in [false, true] {
                if claimed {
                    #expect(try await NodeContractFencingTests.post(
                        server, ContractPath.fence, key: "claim", fence: Self.holder).status == 200)
                }
                for (index, value) in malformed.enumerated() {
                    let reply = try await NodeContractFencingTests.post(
                        server, ContractPath.cpsStop, key: "bad-\(claimed)-\(index)", fence: nil,
                        headers: [ContractHeader.fencingToken: value])
                    #expect(reply.status == 400, "\(value) (claimed: \(claimed)): \(reply.text)")
                    #expect(try reply.json(Problem.self).detail?.contains("malformed Fencing-Token") == true)
                }
                let noKey = try await HTTP.send("POST", server.base + ContractPath.cpsStop, token: server.token)
                #expect(noKey.status == 400, "claimed: \(claimed): \(noKey.text)")
            }
            try await NodeContractTests.expectUntouched(server)
        }
    }

    @Test("a token as aeupgrade writes it is read back, percent-encoded values included")
    func tokenRoundTrip() {
        let token = FencingToken(
            system: "PROD", lineage: "3f2a9c01-77", epoch: 123_456_789_012_345,
            holder: "pid 42 on host-a (ops; été=1), apply started 2024-05-01T02:00:00Z")
        #expect(FencingToken(header: token.header) == token)
        #expect(FencingToken(header: token.header.replacingOccurrences(of: "; ", with: ";")) == nil)
        #expect(FencingToken(header: "system=PROD; lineage=l; epoch=1234567890123456; holder=") == nil)
    }
}
