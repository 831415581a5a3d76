import Foundation
import Logging
import NodeAgent
import NodeContract
import Testing

/// `aeupgrade-node` in-process against the fake `ucybsmcl` and the fake AE REST health endpoint.
@Suite("aeupgrade-node over HTTP with a fake ServiceManager")
struct NodeAgentHTTPTests {
    /// Starts the agent; returns its base URL, the fake and the captured log.
    static func start(
        _ fake: FakeNode, commands: [String: [String]] = [:], timeout: Int = 20
    ) async throws -> (String, NodeAgentServer, LogSink) {
        let health = try await FakeHealth.start()
        let yaml = fake.config(healthURL: health.url, commands: commands, timeout: timeout)
        let config = try ConfigLoader.parse(yaml: yaml, file: "t")
        let sink = LogSink()
        let logger = Logger(label: "test") { _ in CapturingLogHandler(sink: sink) }
        let server = try await NodeAgentServer.start(config: config, logger: logger)
        return (server.endpoints["AE_1A"]!, server, sink)
    }

    /// Polls an operation until it leaves `running` (bounded).
    static func settle(_ base: String, _ id: String, token: String) async throws -> NodeContract.Operation {
        for _ in 0..<400 {
            let operation = try await HTTP.send("GET", "\(base)/v1/operations/\(id)", token: token)
                .json(NodeContract.Operation.self)
            if operation.state != .running { return operation }
            await Task.yield()
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("operation \(id) still running")
        return try await HTTP.send("GET", "\(base)/v1/operations/\(id)", token: token).json(NodeContract.Operation.self)
    }

    @Test("GET /v1/node comes from GET_PROCESS_LIST; wps/stop stops everything; install refused while running")
    func nodeStateAndStop() async throws {
        let fake = try FakeNode()
        let (base, server, _) = try await Self.start(fake)
        defer { Task { await server.stop() } }
        let node = try await HTTP.send("GET", "\(base)/v1/node", token: fake.token).json(NodeState.self)
        #expect(node.installedVersion == "21.0.5")
        #expect(node.processes.map(\.id) == ["AE_1A/WP1", "AE_1A/WP2", "AE_1A/CP1"])
        #expect(node.processes.allSatisfy { $0.state == .running })
        let refused = try await HTTP.send("POST", "\(base)/v1/node/binaries/install", token: fake.token, key: "i1",
                                          body: #"{"version":"24.4.1"}"#)
        #expect(refused.status == 409)
        #expect(refused.text.contains("AE1A WP1"))
        let stop = try await HTTP.send("POST", "\(base)/v1/node/wps/stop", token: fake.token, key: "s1", body: "{}")
        #expect(stop.status == 202)
        let done = try await Self.settle(base, try stop.json(NodeContract.Operation.self).id, token: fake.token)
        #expect(done.state == .succeeded)
        let after = try await HTTP.send("GET", "\(base)/v1/node", token: fake.token).json(NodeState.self)
        #expect(after.processes.allSatisfy { $0.state == .stopped })
        #expect(fake.read("sm-calls").contains("STOP_PROCESS AE1A WP2\nSTOP_PROCESS AE1A WP1\nSTOP_PROCESS AE1A CP1"))
        let system = try await HTTP.send("GET", "\(base)/v1/system", token: fake.token).json(SystemState.self)
        #expect(system.health == .up)
        #expect(system.zdu.phase == .off)
    }

    @Test("an unknown GET_PROCESS_LIST line makes GET /v1/node a 503 quoting it")
    func strictListOverHTTP() async throws {
        let fake = try FakeNode()
        try fake.write("sm-extra", "Service AE1A WP3 RUNNING\n")
        let (base, server, _) = try await Self.start(fake)
        defer { Task { await server.stop() } }
        let reply = try await HTTP.send("GET", "\(base)/v1/node", token: fake.token)
        #expect(reply.status == 503)
        #expect(reply.text.contains("Service AE1A WP3 RUNNING"))
    }

    @Test("an operation whose command is not configured answers 501 naming the config key")
    func unconfiguredIs501() async throws {
        let fake = try FakeNode()
        let (base, server, _) = try await Self.start(fake)
        defer { Task { await server.stop() } }
        let reply = try await HTTP.send("POST", "\(base)/v1/system/zdu/prepare", token: fake.token, key: "z1",
                                        body: #"{"version":"24.4.1"}"#)
        #expect(reply.status == 501)
        #expect(reply.text.contains("commands.zduPrepare"))
        let stage = try await HTTP.send("POST", "\(base)/v1/node/binaries/stage", token: fake.token, key: "b1",
                                        body: #"{"version":"24.4.1"}"#)
        #expect(stage.status == 501)
        #expect(stage.text.contains("commands.binariesStage"))
    }

    @Test("a failing command fails the operation with its stderr; secrets never in responses or logs")
    func commandFailureAndSecrets() async throws {
        let fake = try FakeNode()
        try fake.write("fail.sh", "#!/bin/sh\necho \"handover to $1 refused by AE (phrase $2)\" >&2\nexit 7\n",
                       executable: true)
        let (base, server, sink) = try await Self.start(
            fake, commands: ["pwpHandover": [fake.path("fail.sh"), "{to}", fake.phrase]])
        defer { Task { await server.stop() } }
        let unauthorized = try await HTTP.send("GET", "\(base)/v1/node", token: "wrong")
        #expect(unauthorized.status == 401)
        let post = try await HTTP.send("POST", "\(base)/v1/node/pwp/handover", token: fake.token, key: "h1",
                                       body: #"{"to":"AE_1B"}"#)
        #expect(post.status == 202)
        let done = try await Self.settle(base, try post.json(NodeContract.Operation.self).id, token: fake.token)
        #expect(done.state == .failed)
        #expect(done.reason?.contains("handover to AE_1B refused by AE") == true)
        #expect(done.output?.first?.exitCode == 7)
        let raw = try await HTTP.send("GET", "\(base)/v1/operations/\(done.id)", token: fake.token).text
        #expect(raw.contains("***"))
        for text in [raw, sink.text, fake.read("state/operations.jsonl")] {
            #expect(!text.contains(fake.phrase))
            #expect(!text.contains(fake.token))
        }
        #expect(sink.text.contains("pwp/handover failed"))
    }
}
