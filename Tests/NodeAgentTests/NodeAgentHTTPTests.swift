import Foundation
import Logging
import NodeAgent
import NodeContract
import NodeTestSupport
import Testing

/// `aeupgrade-node` in-process against the fake `ucybsmcl` and the fake AE REST health endpoint.
@Suite("aeupgrade-node over HTTP with a fake ServiceManager")
struct NodeAgentHTTPTests {
    /// Runs `body` with the agent (its base URL and captured log), then stops it.
    static func run(
        _ fake: FakeNode, commands: [String: [String]] = [:], timeout: Int = 20,
        _ body: (String, LogSink) async throws -> Void
    ) async throws {
        let sink = LogSink()
        let logger = Logger(label: "test") { _ in CapturingLogHandler(sink: sink) }
        try await fake.withAgent(commands: commands, timeout: timeout, logger: logger) { try await body($0.url, sink) }
    }

    @Test("GET /v1/node maps the configured services to process ids; a refused install names the running services")
    func nodeStateFromServices() async throws {
        let fake = try FakeNode()
        try await Self.run(fake) { base, _ in
            let node = try await HTTP.send("GET", "\(base)/v1/node", token: fake.token).json(NodeState.self)
            #expect(node.processes.map(\.id) == ["AE_1A/WP1", "AE_1A/WP2", "AE_1A/CP1"])
            try fake.write("sm-state", "AE1A WP1|S\nAE1A WP2|R\nAE1A CP1|S\n")
            let after = try await HTTP.send("GET", "\(base)/v1/node", token: fake.token).json(NodeState.self)
            #expect(after.processes.map(\.state) == [.stopped, .running, .stopped])
            let refused = try await HTTP.send("POST", "\(base)/v1/node/binaries/install", token: fake.token, key: "i1",
                                              body: #"{"version":"24.4.1"}"#)
            #expect(refused.status == 409)
            #expect(refused.text.contains("(AE1A WP2)"))
        }
    }

    @Test("an unknown GET_PROCESS_LIST line makes GET /v1/node a 503 quoting it")
    func strictListOverHTTP() async throws {
        let fake = try FakeNode()
        try fake.write("sm-extra", "Service AE1A WP3 RUNNING\n")
        try await Self.run(fake) { base, _ in
            let reply = try await HTTP.send("GET", "\(base)/v1/node", token: fake.token)
            #expect(reply.status == 503)
            #expect(reply.text.contains("Service AE1A WP3 RUNNING"))
        }
    }

    @Test("an operation whose command is not configured answers 501 naming the config key")
    func unconfiguredIs501() async throws {
        let fake = try FakeNode()
        try await Self.run(fake) { base, _ in
            let reply = try await HTTP.send("POST", "\(base)/v1/system/zdu/prepare", token: fake.token, key: "z1",
                                            body: #"{"version":"24.4.1"}"#)
            #expect(reply.status == 501)
            #expect(reply.text.contains("commands.zduPrepare"))
            let stage = try await HTTP.send("POST", "\(base)/v1/node/binaries/stage", token: fake.token, key: "b1",
                                            body: #"{"version":"24.4.1"}"#)
            #expect(stage.status == 501)
            #expect(stage.text.contains("commands.binariesStage"))
        }
    }

    @Test("a failing command fails the operation with its stderr; secrets never in responses or logs")
    func commandFailureAndSecrets() async throws {
        let fake = try FakeNode()
        try fake.write("fail.sh", "#!/bin/sh\necho \"handover to $1 refused by AE (phrase $2)\" >&2\nexit 7\n",
                       executable: true)
        try await Self.run(
            fake, commands: ["pwpHandover": [fake.path("fail.sh"), "{to}", fake.phrase]]) { base, sink in
            let post = try await HTTP.send("POST", "\(base)/v1/node/pwp/handover", token: fake.token, key: "h1",
                                           body: #"{"to":"AE_1B"}"#)
            #expect(post.status == 202)
            let done = try await HTTP.settle(base, try post.json(NodeContract.Operation.self).id, token: fake.token)
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
}
