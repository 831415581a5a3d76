import Foundation
import Logging
import NodeAgent
import NodeContract
import NodeTestSupport
import Testing

/// `aeupgrade-node` in-process against the fake `ucybsmcl` (quoted-field output) and the fake AE REST health endpoint.
@Suite("aeupgrade-node over HTTP with a fake ServiceManager")
struct NodeAgentHTTPTests {
    /// Runs `body` with the agent (its base URL and captured log), then stops it.
    static func run(
        _ fake: FakeNode, _ options: FakeNodeOptions = FakeNodeOptions(),
        _ body: (String, LogSink) async throws -> Void
    ) async throws {
        let sink = LogSink()
        let logger = Logger(label: "test") { _ in CapturingLogHandler(sink: sink) }
        try await fake.withAgent(options, logger: logger) { try await body($0.url, sink) }
    }

    /// `GET <base>/v1/node`, decoded.
    static func node(_ base: String, _ fake: FakeNode) async throws -> NodeState {
        try await HTTP.send("GET", "\(base)\(ContractPath.node)", token: fake.token).json(NodeState.self)
    }

    /// POSTs and polls the operation to its end.
    static func operate(
        _ base: String, _ fake: FakeNode, _ path: String, key: String, body: String? = nil
    ) async throws -> NodeContract.Operation {
        let post = try await HTTP.send("POST", "\(base)\(path)", token: fake.token, key: key, body: body)
        #expect(post.status == 202, "\(post.text)")
        return try await HTTP.settle(base, try post.json(NodeContract.Operation.self).id, token: fake.token)
    }

    @Test("GET /v1/node maps base services to <node>/<KIND><n> and, once staged, target ones to <id>@<version>")
    func processIDs() async throws {
        let fake = try FakeNode()
        try await Self.run(fake) { base, _ in
            let fresh = try await Self.node(base, fake)
            #expect(fresh.processes.map(\.id) == ["AE_1A/WP1", "AE_1A/WP2", "AE_1A/CP1", "AE_1A/JWP1", "AE_1A/JCP1",
                                                  "AE_1A/REST1"])
            #expect(fresh.processes.filter(\.pwp).map(\.id) == ["AE_1A/WP1"])
            try FileManager.default.createDirectory(atPath: fake.path("root/24.4.4"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: fake.path("root/.24.4.9.partial"),
                                                    withIntermediateDirectories: true)
            let staged = try await Self.node(base, fake)
            #expect(staged.stagedVersion == "24.4.4" && staged.installedVersion == "24.4.1")
            let target = staged.processes.filter { $0.id.hasSuffix("@24.4.4") }
            #expect(target.map(\.id) == fresh.processes.map { "\($0.id)@24.4.4" })
            #expect(target.allSatisfy { $0.state == .stopped && $0.version == "24.4.4" && !$0.pwp })
            #expect(fake.calls.allSatisfy { $0.hasPrefix("GET_PROCESS_LIST") })
        }
    }

    @Test("an unknown GET_PROCESS_LIST line or a missing service makes GET /v1/node a 503 naming it")
    func strictList() async throws {
        let fake = try FakeNode()
        try fake.write("sm-extra", "Service AE1A WP3 RUNNING\n")
        try await Self.run(fake) { base, _ in
            let reply = try await HTTP.send("GET", "\(base)\(ContractPath.node)", token: fake.token)
            #expect(reply.status == 503)
            #expect(reply.contentType == ContractHeader.problemJSON)
            #expect(reply.text.contains("Service AE1A WP3 RUNNING"))
            try fake.write("sm-extra", "")
            try fake.write("sm-state", fake.read("sm-state").replacingOccurrences(of: "AE1A JCP1|R\n", with: ""))
            let missing = try await HTTP.send("GET", "\(base)\(ContractPath.node)", token: fake.token)
            #expect(missing.status == 503)
            #expect(missing.text.contains("AE1A JCP1"))
        }
    }

    @Test("without zdu.phaseCommand GET /v1/system and the phase-bound POSTs are 501 naming it; nothing is guessed")
    func phaseNotConfigured() async throws {
        let fake = try FakeNode()
        try await Self.run(fake, FakeNodeOptions(zdu: false)) { base, _ in
            let system = try await HTTP.send("GET", "\(base)\(ContractPath.system)", token: fake.token)
            #expect(system.status == 501)
            #expect(system.contentType == ContractHeader.problemJSON)
            #expect(system.text.contains("zdu.phaseCommand"))
            for path in [ContractPath.processesStart, ContractPath.targetStop] {
                let reply = try await HTTP.send("POST", "\(base)\(path)", token: fake.token, key: path)
                #expect(reply.status == 501)
                #expect(reply.text.contains("zdu.phaseCommand"))
            }
            #expect(!fake.calls.contains { $0.hasPrefix("START_PROCESS") || $0.hasPrefix("STOP_PROCESS") })
        }
    }

    @Test("the phase command's output is read as the contract's ZDU state; anything else is a 503 quoting it",
          arguments: [("switched 24.4.4", ZDUPhase.switched, false),
                      ("compatibility 24.4.4 rolledBack", .compatibility, true)])
    func phaseRead(_ line: String, _ phase: ZDUPhase, _ rolledBack: Bool) async throws {
        let fake = try FakeNode()
        try fake.setPhase(line)
        try await Self.run(fake) { base, _ in
            let system = try await HTTP.send("GET", "\(base)\(ContractPath.system)", token: fake.token)
                .json(SystemState.self)
            #expect(system.zdu == ZDUState(phase: phase, base: "24.4.1", target: "24.4.4",
                                           rolledBack: rolledBack ? true : nil))
            try fake.setPhase("compatibility")
            let bad = try await HTTP.send("GET", "\(base)\(ContractPath.system)", token: fake.token)
            #expect(bad.status == 503)
            #expect(try bad.json(Problem.self).detail?.contains("got \"compatibility\n\"") == true)
        }
    }

    @Test("without agentCounts the node reports no agent data (empty netAreas), never zero agents")
    func noAgentData() async throws {
        let fake = try FakeNode()
        try await Self.run(fake, FakeNodeOptions(agents: false)) { base, _ in
            let system = try await HTTP.send("GET", "\(base)\(ContractPath.system)", token: fake.token)
                .json(SystemState.self)
            #expect(system.netAreas.isEmpty)
            #expect(system.health == .up && system.zdu.phase == .off)
        }
    }

    /// A failing command fails the operation with its stderr; phrase, password and token never show.
    @Test("-p from passwordFile; secrets never in responses, logs or the journal")
    func secretsMasked() async throws {
        let fake = try FakeNode()
        try fake.write("fail.sh", "#!/bin/sh\necho \"cannot reach the repository (password $2)\" >&2\nexit 7\n",
                       executable: true)
        let options = FakeNodeOptions(commands: ["binariesStage": [fake.path("fail.sh"), "{version}", fake.password]])
        try await Self.run(fake, options) { base, sink in
            let stop = try await Self.operate(base, fake, ContractPath.cpsStop, key: "c1")
            #expect(stop.state == .succeeded)
            #expect(stop.output?.first?.command.contains("-p") == true)
            #expect(stop.output?.first?.command.contains("***") == true)
            let done = try await Self.operate(base, fake, ContractPath.binariesStage, key: "s1",
                                          body: #"{"version":"24.4.4"}"#)
            #expect(done.state == .failed)
            #expect(done.reason?.contains("cannot reach the repository") == true)
            #expect(done.output?.first?.exitCode == 7)
            let raw = try await HTTP.send("GET", "\(base)/v1/operations/\(done.id)", token: fake.token).text
            #expect(raw.contains("***"))
            for text in [raw, sink.text, fake.read("state/operations.jsonl")] {
                for secret in [fake.phrase, fake.password, fake.token] { #expect(!text.contains(secret)) }
            }
            #expect(sink.text.contains("binaries/stage failed"))
        }
    }
}
