/// Where a simulated farm listens: the endpoints file `aeupgrade-sim --endpoints-out` writes.
///
/// JSON: `{"nodes": {"AE_1A": "http://127.0.0.1:…"}, "admin": "http://127.0.0.1:…"}`.
public struct FarmEndpoints: Sendable, Equatable, Codable {
    /// Base URL per node name.
    public var nodes: [String: String]
    /// Base URL of the admin endpoint (report, faults, clock).
    public var admin: String

    /// Creates endpoints.
    public init(nodes: [String: String], admin: String) {
        self.nodes = nodes
        self.admin = admin
    }
}
