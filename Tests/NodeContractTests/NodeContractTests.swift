import NodeContract
import NodeTestSupport
import Testing

/// The node contract (spec/node-api.yaml) on the wire, the same assertions against the simulator and
/// `aeupgrade-node`: auth, errors, idempotency, one operation at a time, preconditions, state and postconditions.
@Suite("node contract: the simulator and aeupgrade-node answer alike")
struct NodeContractTests {
    static let stage24 = #"{"version": "24.4.1"}"#

    @Test("401 problem+json with WWW-Authenticate without a token or with a wrong one; nothing changes",
          arguments: ContractTarget.allCases)
    func bearerToken(_ target: ContractTarget) async throws {
        try await target.run { server in
            let missing = try await HTTP.send("GET", server.base + ContractPath.node, token: nil)
            let wrong = try await HTTP.send(
                "POST", server.base + ContractPath.cpsStandby, token: "wrong-\(server.token)", key: "k")
            for reply in [missing, wrong] {
                #expect(reply.status == 401)
                #expect(reply.contentType == ContractHeader.problemJSON)
                #expect(reply.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
                #expect(try reply.json(Problem.self).status == 401)
            }
            try await server.finishRunningOperations()
            let node = try await server.node()
            #expect(!node.processes.compactMap(\.cpMode).isEmpty)
            #expect(node.processes.compactMap(\.cpMode).allSatisfy { $0 == .active })
        }
    }

    /// 400 without Idempotency-Key or with a body that is not JSON, 422 without a version, 404 for an unknown
    /// operation or path.
    @Test("malformed and unknown requests are refused with problem+json", arguments: ContractTarget.allCases)
    func errors(_ target: ContractTarget) async throws {
        try await target.run { server in
            let noKey = try await HTTP.send("POST", server.base + ContractPath.cpsStandby, token: server.token)
            let notJSON = try await server.post(ContractPath.binariesStage, key: "not-json", body: "nope")
            let noVersion = try await server.post(ContractPath.binariesStage, key: "no-version", body: "{}")
            let unknownOperation = try await server.get(ContractPath.operation(id: "op-999"))
            let unknownPath = try await server.get("/v1/nothing")
            #expect(noKey.status == 400)
            #expect(notJSON.status == 400)
            #expect(noVersion.status == 422)
            #expect(unknownOperation.status == 404)
            #expect(unknownPath.status == 404)
            for reply in [noKey, notJSON, noVersion, unknownOperation, unknownPath] {
                #expect(reply.contentType == ContractHeader.problemJSON)
                #expect(try reply.json(Problem.self).status == reply.status)
            }
            try await server.finishRunningOperations()
            let node = try await server.node()
            #expect(node.stagedVersion == nil)
            #expect(node.processes.compactMap(\.cpMode).allSatisfy { $0 == .active })
        }
    }

    @Test("GET /v1/node and GET /v1/system decode to the contract's types and describe the fresh node",
          arguments: ContractTarget.allCases)
    func state(_ target: ContractTarget) async throws {
        try await target.run { server in
            let reply = try await server.get(ContractPath.node)
            #expect(reply.status == 200)
            #expect(reply.contentType == ContractHeader.json)
            let node = try reply.json(NodeState.self)
            #expect(node.name == "AE_1A" && node.datacenter == "DC1" && node.netArea == "NA_DC1")
            #expect(node.installedVersion == "21.0.5" && node.stagedVersion == nil)
            let wps = node.processes.filter { $0.kind == .wp }, cps = node.processes.filter { $0.kind == .cp }
            #expect(!wps.isEmpty && !cps.isEmpty)
            #expect(node.processes.allSatisfy { $0.state == .running && $0.version == "21.0.5" })
            #expect(node.processes.allSatisfy { $0.id.hasPrefix("AE_1A/") })
            #expect(cps.allSatisfy { $0.cpMode == .active && $0.netArea == "NA_DC1" })
            let system = try await server.get(ContractPath.system).json(SystemState.self)
            #expect(system.system == "PROD")
            #expect(system.zdu.phase == .off && system.zdu.base == "21.0.5")
            #expect(system.health == .up)
        }
    }

    @Test("cps/standby runs, succeeds, and GET /v1/node then shows the CPs in standby; cps/activate brings them back",
          arguments: ContractTarget.allCases)
    func standbyThenActivate(_ target: ContractTarget) async throws {
        try await target.run { server in
            let standby = try await server.post(ContractPath.cpsStandby, key: "standby")
            #expect(standby.status == 202)
            let started = try standby.json(Operation.self)
            #expect(started.state == .running)
            #expect(started.action == "cps/standby" && started.node == "AE_1A" && started.idempotencyKey == "standby")
            #expect(standby.headers["location"] == ContractPath.operation(id: started.id))
            try await server.finishRunningOperations()
            #expect(try await server.settle(standby).state == .succeeded)
            let standing = try await server.node().processes.filter { $0.kind == .cp }
            #expect(!standing.isEmpty && standing.allSatisfy { $0.cpMode == .standby })

            let activate = try await server.post(ContractPath.cpsActivate, key: "activate")
            #expect(activate.status == 202)
            try await server.finishRunningOperations()
            #expect(try await server.settle(activate).state == .succeeded)
            let active = try await server.node().processes.filter { $0.kind == .cp }
            #expect(!active.isEmpty && active.allSatisfy { $0.cpMode == .active && $0.state == .running })
        }
    }

    /// The same key and request return the same operation and apply the effect once; another request under the
    /// key is 422.
    @Test("Idempotency-Key: one operation and one effect per key", arguments: ContractTarget.allCases)
    func idempotency(_ target: ContractTarget) async throws {
        try await target.run { server in
            let first = try await server.post(ContractPath.cpsStandby, key: "standby-key")
            let again = try await server.post(ContractPath.cpsStandby, key: "standby-key")
            #expect(first.status == 202 && again.status == 202)
            let id = try first.json(Operation.self).id
            #expect(try again.json(Operation.self).id == id)
            try await server.finishRunningOperations()
            #expect(try await server.settle(first).state == .succeeded)
            let activate = try await server.post(ContractPath.cpsActivate, key: "activate-key")
            try await server.finishRunningOperations()
            #expect(try await server.settle(activate).state == .succeeded)

            // A retry of the first request now answers the first operation and does not put the CPs back in standby.
            let retry = try await server.post(ContractPath.cpsStandby, key: "standby-key")
            #expect(retry.status == 202)
            #expect(try retry.json(Operation.self).id == id)
            #expect(try retry.json(Operation.self).state == .succeeded)
            try await server.finishRunningOperations()
            let cps = try await server.node().processes.filter { $0.kind == .cp }
            #expect(!cps.isEmpty && cps.allSatisfy { $0.cpMode == .active && $0.state == .running })

            let reused = try await server.post(ContractPath.cpsActivate, key: "standby-key")
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
            let stage = try await server.post(ContractPath.binariesStage, key: "stage", body: Self.stage24)
            #expect(stage.status == 202)
            let running = try stage.json(Operation.self)
            #expect(running.state == .running)
            let other = try await server.post(ContractPath.cpsStandby, key: "standby-while-staging")
            #expect(other.status == 409)
            #expect(other.contentType == ContractHeader.problemJSON)
            #expect(try other.json(Problem.self).status == 409)
            let joined = try await server.post(ContractPath.binariesStage, key: "stage-again", body: Self.stage24)
            #expect(joined.status == 202)
            #expect(try joined.json(Operation.self).id == running.id)
            let otherBody = try await server.post(
                ContractPath.binariesStage, key: "stage", body: #"{"version": "9.9.9"}"#)
            #expect(otherBody.status == 422)
            #expect(try await server.node().stagedVersion == nil)

            try await server.finishRunningOperations()
            #expect(try await server.settle(stage).state == .succeeded)
            #expect(try await server.node().stagedVersion == "24.4.1")
            let now = try await server.post(ContractPath.cpsStandby, key: "standby-after-staging")
            #expect(now.status == 202)
        }
    }

    /// binaries/install is 409 while a process of the node runs and, once wps/stop stopped them all, for a version
    /// that is not staged; a staged version installs.
    @Test("binaries/install preconditions and postcondition", arguments: ContractTarget.allCases)
    func install(_ target: ContractTarget) async throws {
        try await target.run { server in
            let whileRunning = try await server.post(ContractPath.binariesInstall, key: "install-1", body: Self.stage24)
            #expect(whileRunning.status == 409)
            #expect(whileRunning.contentType == ContractHeader.problemJSON)
            #expect(try whileRunning.json(Problem.self).status == 409)

            let stop = try await server.post(ContractPath.wpsStop, key: "stop", body: #"{"drain": false}"#)
            #expect(stop.status == 202)
            try await server.finishRunningOperations()
            #expect(try await server.settle(stop).state == .succeeded)
            let stopped = try await server.node()
            #expect(!stopped.processes.isEmpty && stopped.processes.allSatisfy { $0.state == .stopped })

            let notStaged = try await server.post(ContractPath.binariesInstall, key: "install-2", body: Self.stage24)
            #expect(notStaged.status == 409)
            #expect(notStaged.contentType == ContractHeader.problemJSON)
            #expect(try await server.node().installedVersion == "21.0.5")

            let stage = try await server.post(ContractPath.binariesStage, key: "stage", body: Self.stage24)
            try await server.finishRunningOperations()
            #expect(try await server.settle(stage).state == .succeeded)
            let install = try await server.post(ContractPath.binariesInstall, key: "install-3", body: Self.stage24)
            #expect(install.status == 202)
            try await server.finishRunningOperations()
            #expect(try await server.settle(install).state == .succeeded)
            #expect(try await server.node().installedVersion == "24.4.1")
        }
    }
}
