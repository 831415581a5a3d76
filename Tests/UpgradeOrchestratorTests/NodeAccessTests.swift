import Foundation
import NodeContract
import Testing
import UpgradeOrchestrator

/// How the client reaches the nodes: one connection cache for all of them, the bearer token never in clear text
/// across the network nor in a hook's environment, TLS failures that no retry cures reported at once.
@Suite("node access", .serialized, .enabled(if: ScriptedServer.available), .timeLimit(.minutes(2)))
struct NodeAccessTests {
    /// Six nodes, twelve rounds of one request per node, the rounds one after another and the nodes of a round
    /// at once: with one connection cache every node is connected once, whichever transfer slot serves it.
    func requestsInRounds(_ server: ConnectionCountingServer, scheme: String, tls: TLSOptions) async throws {
        var endpoints: [String: String] = [:]
        for (index, port) in server.ports.enumerated() { endpoints["AE_\(index)"] = "\(scheme)://127.0.0.1:\(port)" }
        let client = CurlNodeClient(endpoints: endpoints, tls: tls, workers: 8)
        for _ in 0..<12 {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for name in endpoints.keys { group.addTask { _ = try await client.node(name) } }
                try await group.waitForAll()
            }
        }
    }

    @Test func oneConnectionPerNodeAcrossRequestsOverHTTP() async throws {
        let server = try ConnectionCountingServer.start(count: 6)
        defer { server.stop() }
        try await requestsInRounds(server, scheme: "http", tls: TLSOptions())
        let connections = try await server.connections()
        #expect(server.ports.map { connections[$0] ?? 0 } == Array(repeating: 1, count: 6),
            "72 requests to 6 nodes: one kept-alive connection per node, not one per transfer slot")
    }

    @Test func manyConcurrentRequestsAllCompleteWithinTheTransferBound() async throws {
        let server = try ConnectionCountingServer.start(count: 3)
        defer { server.stop() }
        var endpoints: [String: String] = [:]
        for (index, port) in server.ports.enumerated() { endpoints["AE_\(index)"] = "http://127.0.0.1:\(port)" }
        let client = CurlNodeClient(endpoints: endpoints, workers: 4)
        let names = Array(endpoints.keys)
        let answered = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<300 { group.addTask { _ = try await client.node(names[index % 3]); return 1 } }
            return try await group.reduce(0, +)
        }
        #expect(answered == 300)
        let connections = try await server.connections()
        #expect(server.ports.allSatisfy { (connections[$0] ?? 0) <= 4 },
            "never more connections to a node than transfers at once: \(connections)")
    }

    @Test func oneTLSHandshakePerNodeAcrossRequestsOverHTTPS() async throws {
        let directory = Fixtures.tempDirectory()
        try await ScriptedServer.makeCertificates(in: directory)
        let server = try ConnectionCountingServer.start(
            count: 6, tls: ["\(directory)/server.pem", "\(directory)/server.key"])
        defer { server.stop() }
        try await requestsInRounds(server, scheme: "https", tls: TLSOptions(caFile: "\(directory)/ca.pem"))
        let connections = try await server.connections()
        #expect(server.ports.map { connections[$0] ?? 0 } == Array(repeating: 1, count: 6))
    }

    @Test func aCertificateThatDoesNotVerifyIsReportedOnceAndNeverRetried() async throws {
        let directory = Fixtures.tempDirectory()
        try await ScriptedServer.makeCertificates(in: directory)
        let server = try ConnectionCountingServer.start(
            count: 1, tls: ["\(directory)/server.pem", "\(directory)/server.key"])
        defer { server.stop() }
        let client = CurlNodeClient(
            endpoints: ["AE_1A": "https://127.0.0.1:\(server.ports[0])"],
            backoff: Backoff(base: .milliseconds(5), cap: .seconds(1), maxAttempts: 5))
        do {
            _ = try await client.node("AE_1A")
            Issue.record("an unverified certificate was accepted")
        } catch {
            guard case .transport(_, _, let code, _, let attempts) = error else { throw error }
            #expect(code == 60 && attempts == 1)
            #expect(!error.isTransient && error.isTLSPermanent)
            #expect(error.description.contains("TLS: the node's certificate did not verify"))
            #expect(error.description.contains("not retried"))
        }
    }

    @Test func aCAFileThatCannotBeReadIsPermanent() async throws {
        let server = try ConnectionCountingServer.start(count: 1)
        defer { server.stop() }
        let client = CurlNodeClient(
            endpoints: ["AE_1A": "https://127.0.0.1:\(server.ports[0])"],
            tls: TLSOptions(caFile: "/nonexistent/ca.pem"),
            backoff: Backoff(base: .milliseconds(5), cap: .seconds(1), maxAttempts: 5))
        do {
            _ = try await client.node("AE_1A")
            Issue.record("no error")
        } catch {
            guard case .transport(_, _, let code, _, let attempts) = error else { throw error }
            #expect(code == 77 && attempts == 1)
            #expect(error.description.contains("TLS: the CA file cannot be read"))
        }
    }

    @Test func theTokenIsNeverSentOverPlainHTTPToANonLoopbackAddress() async throws {
        let client = CurlNodeClient(
            endpoints: ["AE_2B": "http://192.0.2.10:8102"], token: BearerToken("s3cret"),
            connectTimeout: .milliseconds(200), backoff: Backoff(base: .milliseconds(1), maxAttempts: 1))
        do {
            _ = try await client.node("AE_2B")
            Issue.record("the token was sent over http:// to 192.0.2.10")
        } catch {
            guard case .setup(let message) = error else { throw error }
            #expect(message.contains("node AE_2B over plain http:// (http://192.0.2.10:8102/v1/node)"))
            #expect(message.contains("--insecure-token"))
            #expect(!message.contains("s3cret"))
        }
        let insecure = CurlNodeClient(
            endpoints: ["AE_2B": "http://192.0.2.10:8102"], token: BearerToken("s3cret"),
            connectTimeout: .milliseconds(200), backoff: Backoff(base: .milliseconds(1), maxAttempts: 1),
            insecureToken: true)
        do {
            _ = try await insecure.node("AE_2B")
        } catch {
            guard case .transport = error else { throw error }  // sent (and nothing answers there)
        }
    }

    @Test func whereATokenMayGo() {
        #expect(TokenExposure.refusal(url: "http://127.0.0.1:8101", node: "A") == nil)
        #expect(TokenExposure.refusal(url: "http://127.8.9.1:8101", node: "A") == nil)
        #expect(TokenExposure.refusal(url: "http://localhost:8101", node: "A") == nil)
        #expect(TokenExposure.refusal(url: "http://[::1]:8101", node: "A") == nil)
        #expect(TokenExposure.refusal(url: "https://ae-1a.example.com:8443", node: "A") == nil)
        #expect(TokenExposure.refusal(url: "http://ae-1a.example.com:8101", node: "A") != nil)
        #expect(TokenExposure.refusal(url: "http://127.0.0.1.example.com:8101", node: "A") != nil)
        #expect(TokenExposure.refusal(url: "http://10.0.0.5:8101", node: "A") != nil)
        #expect(TokenExposure.refusals(endpoints: ["B": "http://10.0.0.6", "A": "http://10.0.0.5", "C": "https://x"])
            .map { $0.contains("node A ") ? "A" : "B" } == ["A", "B"])
    }

    @Test func hooksNeverInheritTheToken() async throws {
        setenv("AEUPGRADE_TOKEN", "s3cret", 1)
        defer { unsetenv("AEUPGRADE_TOKEN") }
        let failure = await ShellCommand.run(
            #"test -z "${AEUPGRADE_TOKEN+set}" || { echo "token visible" >&2; exit 3; }"#, label: "hook afterStep",
            variables: ["STEP_ID": "x"], timeout: .seconds(20))
        #expect(failure == nil)
        let sees = await ShellCommand.run(#"test "$STEP_ID" = x"#, label: "hook", variables: ["STEP_ID": "x"],
            timeout: .seconds(20))
        #expect(sees == nil, "the command's own variables are passed")
    }
}
