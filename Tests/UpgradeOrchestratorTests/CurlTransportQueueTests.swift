import Foundation
import Testing
import UpgradeOrchestrator

/// CurlTransport with more requests than transfer slots: the queued ones start as soon as a slot frees, not when
/// the transfer thread's idle wait runs out (before the fix, each queued request after the first waited the whole
/// idle wait: a 200-node farm read with 8 slots stalled about a second per batch).
@Suite("CurlTransport queue", .serialized, .enabled(if: ScriptedServer.available), .timeLimit(.minutes(2)))
struct CurlTransportQueueTests {
    @Test func queuedRequestsStartWhenASlotFreesNotAfterTheIdleWait() async throws {
        let server = try ScriptedServer.start()
        defer { server.stop() }
        let idleWait = Duration.seconds(20)
        let transport = CurlTransport(
            workers: 1, connectTimeout: .seconds(2), totalTimeout: .seconds(30), tls: TLSOptions(), idleWait: idleWait)
        let requests = 4
        let start = ContinuousClock.now
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<requests {
                group.addTask {
                    try await transport.perform(
                        HTTPRequest(method: "GET", url: "http://127.0.0.1:\(server.port)/count/queue\(index)")).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let elapsed = ContinuousClock.now - start
        #expect(statuses == Array(repeating: 200, count: requests))
        // Waiting out the idle wait even once would take 20 s; four loopback requests take milliseconds.
        #expect(elapsed < idleWait / 2, "\(requests) requests through one slot took \(elapsed)")
    }
}
