/// A fault injected through `POST <admin>/faults`. JSON: `{"kind": "nodeDown", "node": "AE_1A"}` etc.
public struct Fault: Sendable, Equatable, Codable {
    /// What goes wrong.
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// The node's endpoint refuses connections (its listener is closed); its processes keep running.
        case nodeDown
        /// The node's endpoint answers after `delayMs` milliseconds (real time).
        case slow
        /// The node's endpoint answers a fraction `rate` of requests with 503 (drawn from the seed); with
        /// `afterEffect: true` the request is processed first and only its answer is lost.
        case errors
        /// A process (`process`: `AE_1A/WP1` or `AE_1A/WP1@24.4.4`) or every process of `node` crashes now (a
        /// one-off event; nothing restarts it).
        case crash
        /// Agents of one datacenter cannot reach the CPs/JCPs of the other (`datacenters`: two names).
        case partition
    }

    /// What goes wrong.
    public var kind: Kind
    /// The node, for nodeDown, slow, errors and crash.
    public var node: String?
    /// The process id, for crash of one process.
    public var process: String?
    /// The delay in milliseconds, for slow.
    public var delayMs: Int?
    /// The fraction of requests answered with 503, for errors (0...1).
    public var rate: Double?
    /// The two datacenters, for partition.
    public var datacenters: [String]?
    /// For errors: process the request, then answer 503 (the answer is lost, the effect is not).
    public var afterEffect: Bool?

    /// Creates a fault.
    public init(
        kind: Kind, node: String? = nil, process: String? = nil, delayMs: Int? = nil, rate: Double? = nil,
        datacenters: [String]? = nil, afterEffect: Bool? = nil
    ) {
        self.kind = kind
        self.node = node
        self.process = process
        self.delayMs = delayMs
        self.rate = rate
        self.datacenters = datacenters
        self.afterEffect = afterEffect
    }
}
