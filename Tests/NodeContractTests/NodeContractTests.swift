import NodeContract
import NodeTestSupport
import Testing

/// The node contract (spec/node-api.yaml) on the wire, the same assertions against the simulator and
/// `aeupgrade-node`: auth, errors, state, idempotency, one operation at a time.
@Suite("node contract: the simulator and aeupgrade-node answer alike")
struct NodeContractTests {
    static let stageTarget = #"{"version": "\#(ContractVersions.target)"}"#

    /// Every base process of the node runs (the fresh node's state, unchanged by a refused request).
    static func expectUntouched(_ server: any ContractServer) async throws {
        try await server.finishRunningOperations()
        let node = try await server.node()
        #expect(!node.processes.isEmpty)
        #expect(node.processes.allSatisfy { $0.state == .running && $0.version == ContractVersions.base })
        #expect(node.stagedVersion == nil)
    }

    @Test("401 problem+json with WWW-Authenticate without a token or with a wrong one; nothing changes",
          arguments: ContractTarget.allCases)
    func bearerToken(_ target: ContractTarget) async throws {
        try await target.run { server in
            let missing = try await HTTP.send("GET", server.base + ContractPath.node, token: nil)
            let wrong = try await HTTP.send(
                "POST", server.base + ContractPath.cpsStop, token: "wrong-\(server.token)", key: "k")
            for reply in [missing, wrong] {
                #expect(reply.status == 401)
                #expect(reply.contentType == ContractHeader.problemJSON)
                #expect(reply.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
                #expect(try reply.json(Problem.self).status == 401)
            }
            try await Self.expectUntouched(server)
        }
    }

    /// 400 without Idempotency-Key or with a body that is not JSON, 422 without a version, 404 for an unknown
    /// operation, an unknown path and a path of the old contract.
    @Test("malformed and unknown requests are refused with problem+json", arguments: ContractTarget.allCases)
    func errors(_ target: ContractTarget) async throws {
        try await target.run { server in
            let replies: [(HTTP.Reply, Int)] = [
                (try await HTTP.send("POST", server.base + ContractPath.cpsStop, token: server.token), 400),
                (try await server.post(ContractPath.binariesStage, key: "not-json", body: "nope"), 400),
                (try await server.post(ContractPath.binariesStage, key: "no-version", body: "{}"), 422),
                (try await server.post(ContractPath.targetStart, key: "no-version-2", body: "{}"), 422),
                (try await server.get(ContractPath.operation(id: "op-999")), 404),
                (try await server.get("/v1/nothing"), 404),
                (try await server.post("/v1/node/cps/standby", key: "old"), 404),
            ]
            for (reply, status) in replies {
                #expect(reply.status == status, "\(reply.text)")
                #expect(reply.contentType == ContractHeader.problemJSON)
                #expect(try reply.json(Problem.self).status == status)
            }
            try await Self.expectUntouched(server)
        }
    }

    @Test("GET /v1/node and GET /v1/system describe the fresh v21+ node: every kind running on base, ZDU off",
          arguments: ContractTarget.allCases)
    func state(_ target: ContractTarget) async throws {
        try await target.run { server in
            let reply = try await server.get(ContractPath.node)
            #expect(reply.status == 200)
            #expect(reply.contentType == ContractHeader.json)
            let node = try reply.json(NodeState.self)
            #expect(node.name == "AE_1A" && node.datacenter == "DC1" && node.netArea == "NA_DC1")
            #expect(node.installedVersion == ContractVersions.base && node.stagedVersion == nil)
            #expect(Set(node.processes.map(\.kind)) == Set(ProcessKind.allCases))
            #expect(node.processes.allSatisfy { $0.state == .running && $0.version == ContractVersions.base })
            #expect(node.processes.allSatisfy { $0.id.hasPrefix("AE_1A/") && !$0.id.contains("@") })
            #expect(node.processes.allSatisfy { ($0.netArea == "NA_DC1") == $0.kind.servesAgents })
            let pwps = node.processes.filter(\.pwp)
            #expect(pwps.count == 1 && pwps.first?.kind == .wp)

            let system = try await server.system()
            #expect(system.system == "PROD")
            #expect(system.zdu.phase == .off && system.zdu.base == ContractVersions.base)
            #expect(system.health == .up)
            #expect(system.pwp?.node == "AE_1A" && system.pwp?.process == pwps.first?.id)
            let home = system.netAreas.filter { $0.name == "NA_DC1" }
            #expect(Set(home.map(\.via)) == [.cp, .jcp])
            #expect(home.allSatisfy { $0.agents > 0 && $0.home == $0.agents && $0.disconnected == 0 })
        }
    }

    /// The same key and request return the same operation and apply the effect once; another request under the
    /// key is 422.
    @Test("Idempotency-Key: one operation and one effect per key", arguments: ContractTarget.allCases)
    func idempotency(_ target: ContractTarget) async throws {
        try await target.run { server in
            let first = try await server.post(ContractPath.cpsStop, key: "stop-key")
            let again = try await server.post(ContractPath.cpsStop, key: "stop-key")
            #expect(first.status == 202 && again.status == 202)
            let started = try first.json(Operation.self)
            #expect(started.action == "cps/stop" && started.node == "AE_1A" && started.idempotencyKey == "stop-key")
            #expect(first.headers["location"] == ContractPath.operation(id: started.id))
            #expect(try again.json(Operation.self).id == started.id)
            try await server.finishRunningOperations()
            #expect(try await server.settle(first).state == .succeeded)
            // ZDU is off: the base processes may start again.
            #expect(try await server.run(ContractPath.processesStart, key: "start-key").state == .succeeded)

            // A retry of the first request answers the first operation and does not stop the CPs again.
            let retry = try await server.post(ContractPath.cpsStop, key: "stop-key")
            #expect(retry.status == 202)
            #expect(try retry.json(Operation.self).id == started.id)
            #expect(try retry.json(Operation.self).state == .succeeded)
            try await server.finishRunningOperations()
            let serving = try await server.node().processes.filter(\.kind.servesAgents)
            #expect(!serving.isEmpty && serving.allSatisfy { $0.state == .running })

            let reused = try await server.post(ContractPath.processesStart, key: "stop-key")
            #expect(reused.status == 422)
            #expect(reused.contentType == ContractHeader.problemJSON)
            #expect(try reused.json(Problem.self).status == 422)
        }
    }

    /// While an operation runs on the node another one is 409, the same request under a new key joins it, another
    /// body under the running key is 422; the running operation's effect shows once it ends.
    @Test("one node operation at a time", arguments: ContractTarget.allCases)
    func oneOperationAtATime(_ target: ContractTarget) async throws {
        try await target.run { server in
            let stage = try await server.post(ContractPath.binariesStage, key: "stage", body: Self.stageTarget)
            #expect(stage.status == 202)
            let running = try stage.json(Operation.self)
            #expect(running.state == .running && running.action == "binaries/stage")
            let other = try await server.post(ContractPath.cpsStop, key: "stop-while-staging")
            #expect(other.status == 409)
            #expect(other.contentType == ContractHeader.problemJSON)
            #expect(try other.json(Problem.self).status == 409)
            let joined = try await server.post(ContractPath.binariesStage, key: "stage-again", body: Self.stageTarget)
            #expect(joined.status == 202)
            #expect(try joined.json(Operation.self).id == running.id)
            let otherBody = try await server.post(
                ContractPath.binariesStage, key: "stage", body: #"{"version": "24.4.9"}"#)
            #expect(otherBody.status == 422)
            #expect(try await server.node().stagedVersion == nil)

            try await server.finishRunningOperations()
            #expect(try await server.settle(stage).state == .succeeded)
            let node = try await server.node()
            #expect(node.stagedVersion == ContractVersions.target)
            #expect(node.installedVersion == ContractVersions.base)
            #expect(try await server.post(ContractPath.cpsStop, key: "stop-after-staging").status == 202)
        }
    }
}
