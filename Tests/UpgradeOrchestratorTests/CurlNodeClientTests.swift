import Foundation
import NodeContract
import Testing
import UpgradeOrchestrator

/// CurlNodeClient against a scripted server: retries, Retry-After, 4xx, token, idempotency key, TLS and mTLS.
@Suite("CurlNodeClient", .serialized, .enabled(if: ScriptedServer.available), .timeLimit(.minutes(1)))
struct CurlNodeClientTests {
    func client(_ base: String, token: String? = nil, tls: TLSOptions = TLSOptions(), attempts: Int = 4)
        -> CurlNodeClient {
        CurlNodeClient(
            endpoints: ["AE_1A": base], token: token.map(BearerToken.init), tls: tls,
            connectTimeout: .seconds(2), totalTimeout: .seconds(5),
            backoff: Backoff(base: .milliseconds(5), cap: .seconds(2), maxAttempts: attempts))
    }

    func count(_ server: ScriptedServer, _ segment: String) async throws -> Int {
        let transport = CurlTransport(workers: 1, connectTimeout: .seconds(2), totalTimeout: .seconds(5), tls: TLSOptions())
        let response = try await transport.perform(
            HTTPRequest(method: "GET", url: "http://127.0.0.1:\(server.port)/count/\(segment)"))
        return try JSONDecoder().decode([String: Int].self, from: Data(response.body))["count"] ?? -1
    }

    @Test func retries5xxThenSucceedsAndGivesUpAfterMaxAttempts() async throws {
        let server = try ScriptedServer.start()
        defer { server.stop() }
        let flaky = try await client("http://127.0.0.1:\(server.port)/flaky").node("AE_1A")
        #expect(flaky.name == "AE_1A")
        #expect(try await count(server, "flaky") == 3)
        do {
            _ = try await client("http://127.0.0.1:\(server.port)/s503", attempts: 3).node("AE_1A")
            Issue.record("503 was not reported")
        } catch {
            #expect(error.status == 503)
            #expect(error.description.contains("node AE_1A: http://127.0.0.1:\(server.port)/s503/v1/node: HTTP 503"))
            #expect(error.description.contains("always failing"))
        }
        #expect(try await count(server, "s503") == 3)
    }

    @Test func neverRetries4xxAndNamesTheProblem() async throws {
        let server = try ScriptedServer.start()
        defer { server.stop() }
        do {
            _ = try await client("http://127.0.0.1:\(server.port)/s404").node("AE_1A")
            Issue.record("404 was not reported")
        } catch {
            #expect(error.status == 404)
            #expect(error.description.contains("no such thing here"))
        }
        #expect(try await count(server, "s404") == 1)
    }

    @Test func honoursRetryAfterOn429() async throws {
        let server = try ScriptedServer.start()
        defer { server.stop() }
        let start = ContinuousClock.now
        _ = try await client("http://127.0.0.1:\(server.port)/s429").node("AE_1A")
        #expect(ContinuousClock.now - start >= .milliseconds(900))
        #expect(try await count(server, "s429") == 2)
    }

    @Test func sendsTheBearerTokenAndTheIdempotencyKey() async throws {
        let server = try ScriptedServer.start()
        defer { server.stop() }
        await #expect(throws: NodeError.self) {
            try await client("http://127.0.0.1:\(server.port)/auth", token: "nope").node("AE_1A")
        }
        _ = try await client("http://127.0.0.1:\(server.port)/auth", token: "t0ken").node("AE_1A")
        let operation = try await client("http://127.0.0.1:\(server.port)/key")
            .post("AE_1A", path: ContractPath.cpsStop, body: nil, idempotencyKey: "plan:DC1/AE_1A/cp.drain")
        #expect(operation.idempotencyKey == "plan:DC1/AE_1A/cp.drain")
        #expect(BearerToken("t0ken\n").description == "<redacted>")
    }

    @Test func connectionRefusedNamesNodeURLAndCurlError() async throws {
        do {
            _ = try await client("http://127.0.0.1:1", attempts: 2).node("AE_1A")
            Issue.record("no error")
        } catch {
            guard case .transport(let node, let url, let code, _, let attempts) = error else { throw error }
            #expect(node == "AE_1A" && url == "http://127.0.0.1:1/v1/node" && code == 7 && attempts == 2)
        }
    }

    @Test func tlsWithATestCAAndMutualTLS() async throws {
        let directory = Fixtures.tempDirectory()
        try await ScriptedServer.makeCertificates(in: directory)
        let tls = try ScriptedServer.start(tls: ["\(directory)/server.pem", "\(directory)/server.key"])
        defer { tls.stop() }
        let url = "https://127.0.0.1:\(tls.port)/plain"
        await #expect(throws: NodeError.self) { try await client(url, attempts: 1).node("AE_1A") }
        let trusted = try await client(url, tls: TLSOptions(caFile: "\(directory)/ca.pem")).node("AE_1A")
        #expect(trusted.name == "AE_1A")

        let mutual = try ScriptedServer.start(
            tls: ["\(directory)/server.pem", "\(directory)/server.key", "\(directory)/ca.pem"])
        defer { mutual.stop() }
        let mutualURL = "https://127.0.0.1:\(mutual.port)/plain"
        await #expect(throws: NodeError.self) {
            try await client(mutualURL, tls: TLSOptions(caFile: "\(directory)/ca.pem"), attempts: 1).node("AE_1A")
        }
        let withCert = TLSOptions(
            caFile: "\(directory)/ca.pem", certFile: "\(directory)/client.pem", keyFile: "\(directory)/client.key")
        #expect(try await client(mutualURL, tls: withCert).node("AE_1A").name == "AE_1A")
    }
}
