import Foundation
import NodeContract
import NodeServerKit
import NodeTestSupport
import Testing

/// Abusive clients against both servers (loopback only, bounded counts and times): oversized headers and bodies,
/// long keys and unknown methods get problem+json and, where the request cannot be finished, a closed connection;
/// a connection flood and slowloris clients do not stop `GET /v1/node` from answering within 1 s, and the
/// slowloris connections are closed by the server.
@Suite("hostile clients: both servers shed them and keep answering", .serialized)
struct HostileClientTests {
    static let limits = ServerLimits.standard

    /// Sends `request` on a fresh connection and reads until the server closes it (at most 5 s).
    func exchange(_ server: any ContractServer, _ request: [UInt8]) async throws -> (RawConnection.Response, Bool) {
        let connection = try RawConnection(port: RawConnection.port(of: server.base))
        let (bytes, closed) = await RawConnection.offload {
            connection.send(request)
            return connection.readUntilClosed(timeout: .seconds(5))
        }
        connection.close()
        return (RawConnection.Response(bytes), closed)
    }

    func expectProblem(_ response: RawConnection.Response, _ status: Int) throws {
        #expect(response.status == status)
        #expect(response.headers["content-type"] == ContractHeader.problemJSON)
        #expect(try JSONDecoder().decode(Problem.self, from: Data(response.body)).status == status)
    }

    @Test("a header over the cap is 431 problem+json and the connection is closed", arguments: ContractTarget.allCases)
    func oversizedHeader(_ target: ContractTarget) async throws {
        try await target.run { server in
            let filler = String(repeating: "x", count: Self.limits.maxHeaderBytes + 4_096)
            let request = "GET /v1/node HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: \(filler)\r\n\r\n"
            let (response, closed) = try await exchange(server, Array(request.utf8))
            try expectProblem(response, 431)
            #expect(closed, "the server closed the connection")
            let huge = "GET /v1/node HTTP/1.1\r\nX-Filler: " + String(repeating: "y", count: 1 << 20) + "\r\n\r\n"
            #expect(try await exchange(server, Array(huge.utf8)).1, "a 1 MB header: the connection is closed")
            #expect(try await server.get(ContractPath.node).status == 200)
        }
    }

    @Test("a body over the cap is 413 problem+json and the connection is closed", arguments: ContractTarget.allCases)
    func oversizedBody(_ target: ContractTarget) async throws {
        try await target.run { server in
            let size = Self.limits.maxBodyBytes + 1
            let head = "POST \(ContractPath.binariesStage) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer \(server.token)\r\nIdempotency-Key: big\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(size)\r\n\r\n"
            let (response, closed) = try await exchange(server, Array(head.utf8) + Array(repeating: 0x20, count: size))
            try expectProblem(response, 413)
            #expect(closed)
        }
    }

    @Test("an Idempotency-Key over 255 characters is 400 problem+json", arguments: ContractTarget.allCases)
    func longIdempotencyKey(_ target: ContractTarget) async throws {
        try await target.run { server in
            let long = try await server.post(ContractPath.cpsStop, key: String(repeating: "k", count: 256))
            #expect(long.status == 400)
            #expect(long.contentType == ContractHeader.problemJSON)
            #expect(try long.json(Problem.self).detail?.contains("at most 255") == true)
            let longest = try await server.post(ContractPath.cpsStop, key: String(repeating: "k", count: 255))
            #expect(longest.status == 202)
            try await server.finishRunningOperations()
        }
    }

    @Test("TRACE and methods a path does not have are 405 with Allow", arguments: ContractTarget.allCases)
    func methodNotAllowed(_ target: ContractTarget) async throws {
        try await target.run { server in
            for (method, path, allow) in [
                ("TRACE", ContractPath.node, "GET"), ("TRACE", "/v1/nothing", "GET, POST"),
                ("GET", ContractPath.cpsStop, "POST"), ("POST", ContractPath.node, "GET"),
                ("DELETE", ContractPath.operation(id: "op-1"), "GET"),
            ] {
                let request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(server.token)\r\n"
                    + "Idempotency-Key: m\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                let (response, _) = try await exchange(server, Array(request.utf8))
                try expectProblem(response, 405)
                #expect(response.headers["allow"] == allow, "\(method) \(path)")
            }
        }
    }

    @Test("a connection flood and slowloris clients: GET /v1/node answers within 1 s, slow clients are cut off",
          arguments: ContractTarget.allCases)
    func floodAndSlowloris(_ target: ContractTarget) async throws {
        try await target.run { server in
            let port = RawConnection.port(of: server.base)
            let idle = try (0..<100).map { _ in try RawConnection(port: port) }  // connect, send nothing
            let slow = try (0..<30).map { _ in try RawConnection(port: port) }  // an unfinished header
            for connection in slow { connection.send(Array("GET /v1/node HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8)) }
            // Five clients drip one more header byte every 250 ms, at most for twice the idle timeout.
            let drips = min(5, slow.count)
            let dripping = Task {
                await RawConnection.offload {
                    let rounds = Int(Self.limits.idleTimeout / .milliseconds(250)) * 2
                    for _ in 0..<rounds {
                        let open = slow.prefix(drips).map { $0.send(Array("X".utf8)) }
                        if !open.contains(true) { return true }
                        usleep(250_000)  // the attack's pace, not a wait for a condition
                    }
                    return false
                }
            }
            let clock = ContinuousClock()
            for round in 0..<10 {
                let start = clock.now
                let reply = try await server.get(ContractPath.node)
                #expect(reply.status == 200)
                #expect(clock.now - start < .seconds(1), "GET /v1/node number \(round + 1) under a flood")
            }
            let deadline = clock.now + Self.limits.idleTimeout * 2
            let cutOff = await RawConnection.offload {
                slow.dropFirst(drips).allSatisfy { $0.readUntilClosed(timeout: deadline - ContinuousClock.now).closed }
            }
            #expect(cutOff, "the server closed every unfinished header within twice its idle timeout")
            #expect(await dripping.value, "the server cut off the clients dripping header bytes")
            for connection in idle + slow { connection.close() }
            #expect(try await server.get(ContractPath.node).status == 200)
        }
    }
}
