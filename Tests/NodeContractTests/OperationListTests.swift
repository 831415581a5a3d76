import NodeContract
import NodeTestSupport
import Testing

/// `GET /v1/operations?key=<prefix>&state=<state>` on both servers: what resume and rollback ask before they decide
/// anything about a step after a kill.
@Suite("node contract: operations listed by Idempotency-Key prefix")
struct OperationListTests {
    static let stageTarget = #"{"version": "\#(ContractVersions.target)"}"#

    func list(_ server: any ContractServer, _ prefix: String, _ state: OperationState? = nil) async throws
        -> [NodeContract.Operation] {
        let reply = try await server.get(
            ContractPath.operationList + ContractPath.operationListQuery(keyPrefix: prefix, state: state))
        #expect(reply.status == 200, "\(reply.text)")
        #expect(reply.contentType == ContractHeader.json)
        return try reply.json(OperationList.self).operations
    }

    @Test("a running operation is listed under its key's prefix (and a joining key) until it ends",
          arguments: ContractTarget.allCases)
    func listsRunningOperationsByKeyPrefix(_ target: ContractTarget) async throws {
        try await target.run { server in
            #expect(try await list(server, "").isEmpty, "a fresh node knows no operation")
            let stage = try await server.post(
                ContractPath.binariesStage, key: "plan1:DC1/AE_1A/binaries.stage", body: Self.stageTarget)
            let started = try stage.json(NodeContract.Operation.self)
            let joined = try await server.post(ContractPath.binariesStage, key: "plan2:join", body: Self.stageTarget)
            #expect(try joined.json(NodeContract.Operation.self).id == started.id)

            #expect(try await list(server, "plan1:", .running).map(\.id) == [started.id])
            #expect(try await list(server, "plan1:DC1/AE_1A/binaries.stage").map(\.id) == [started.id])
            #expect(try await list(server, "plan2:", .running).map(\.id) == [started.id],
                "a key that joined the running operation lists it too")
            #expect(try await list(server, "plan1:DC2/").isEmpty)
            #expect(try await list(server, "plan1:", .succeeded).isEmpty)

            try await server.finishRunningOperations()
            #expect(try await server.settle(stage).state == .succeeded)
            #expect(try await list(server, "plan1:", .running).isEmpty, "an ended operation no longer runs")
            let done = try await list(server, "plan1:", .succeeded)
            #expect(done.map(\.id) == [started.id])
            #expect(done.first?.idempotencyKey == "plan1:DC1/AE_1A/binaries.stage")
        }
    }

    @Test("a key prefix over 255 characters, an unknown state and a repeated parameter are 400 problem+json",
          arguments: ContractTarget.allCases)
    func refusesBadQueries(_ target: ContractTarget) async throws {
        try await target.run { server in
            let long = String(repeating: "k", count: 256)
            for query in ["?key=\(long)", "?state=sleeping", "?key=a&key=b"] {
                let reply = try await server.get(ContractPath.operationList + query)
                #expect(reply.status == 400, "\(query.prefix(30)): \(reply.status)")
                #expect(reply.contentType == ContractHeader.problemJSON)
            }
            let post = try await server.post(ContractPath.operationList, key: "k")
            #expect(post.status == 405, "the listing is GET only")
        }
    }
}
