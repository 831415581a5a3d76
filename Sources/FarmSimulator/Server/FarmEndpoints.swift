/// Where a simulated farm listens, and how fast its clock runs: the endpoints file `aeupgrade-sim --endpoints-out`
/// writes.
///
/// JSON: `{"nodes": {"AE_1A": "http://127.0.0.1:…"}, "admin": "http://127.0.0.1:…", "timeScale": 100}`.
/// `timeScale` is absent with a manual clock (simulated time then moves only when someone advances it).
public struct FarmEndpoints: Sendable, Equatable, Codable {
    /// Base URL per node name.
    public var nodes: [String: String]
    /// Base URL of the admin endpoint (report, faults, clock).
    public var admin: String
    /// Simulated seconds per real second (`--time-scale`); nil with a manual clock. `aeupgrade` given this file
    /// divides soaks, retry delays and deadlines by it, so a rehearsal follows the simulator's clock.
    public var timeScale: Double?

    /// Creates endpoints.
    public init(nodes: [String: String], admin: String, timeScale: Double? = nil) {
        self.nodes = nodes
        self.admin = admin
        self.timeScale = timeScale
    }
}
