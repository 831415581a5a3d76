import Foundation
import UpgradeOrchestrator

/// Per-request cost of `CurlNodeClient` on loopback with keep-alive: `GET /v1/node` one after the other on one
/// node (the client reuses its handle), each request timed from the call to the decoded `NodeState`.
enum CurlBench {
    /// Measures `requests` GETs against `url` after a warm-up; returns the line of figures (ms).
    static func run(url: String, requests: Int, token: String?) async throws -> String {
        let client = CurlNodeClient(endpoints: ["bench": url], token: token.map(BearerToken.init))
        let clock = ContinuousClock()
        for _ in 0..<min(100, requests) { _ = try await client.node("bench") }
        var times: [Double] = []
        times.reserveCapacity(requests)
        let total = clock.now
        for _ in 0..<requests {
            let start = clock.now
            _ = try await client.node("bench")
            times.append((clock.now - start).milliseconds)
        }
        let wall = (clock.now - total).milliseconds
        times.sort()
        func fmt(_ value: Double) -> String { String(format: "%.3f", value) }
        let p90 = times[min(times.count - 1, times.count * 9 / 10)]
        let p99 = times[min(times.count - 1, times.count * 99 / 100)]
        return "curl \(requests) \(fmt(times[times.count / 2])) \(fmt(p90)) \(fmt(p99)) \(fmt(wall / Double(requests)))"
    }
}
