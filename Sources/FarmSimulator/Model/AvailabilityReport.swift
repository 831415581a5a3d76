import NodeContract

/// What an operator asks after an upgrade window: jobs, outages, versions, ZDU phase, duplicate effects.
/// Served as JSON by `GET <admin>/report` and printed as `summary` when `aeupgrade-sim` exits.
public struct AvailabilityReport: Sendable, Equatable, Codable {
    /// Job counters.
    public struct Jobs: Sendable, Equatable, Codable {
        /// Jobs agents submitted.
        public var submitted: Int
        /// Jobs that ran to the end.
        public var completed: Int
        /// Jobs that had to wait (agent disconnected, no PWP, no WP) before they started.
        public var delayed: Int
        /// Jobs lost when their WP stopped without draining (or crashed).
        public var lost: Int
        /// Jobs waiting now.
        public var waiting: Int
        /// Jobs running now.
        public var running: Int
        /// Longest wait of a delayed job, in simulated seconds.
        public var longestDelaySeconds: Double
    }

    /// Outage of one NetArea.
    public struct NetAreaReport: Sendable, Equatable, Codable {
        /// NetArea name.
        public var name: String
        /// Agents that belong to it.
        public var agents: Int
        /// Agents connected to one of its own CPs now.
        public var home: Int
        /// Agents not connected now.
        public var disconnected: Int
        /// Simulated seconds in which its agents had no reachable active CP (own or fallback).
        public var secondsWithoutReachableActiveCP: Double
    }

    /// One node now.
    public struct NodeReport: Sendable, Equatable, Codable {
        /// Node name.
        public var name: String
        /// Datacenter.
        public var datacenter: String
        /// Installed version.
        public var installedVersion: String
        /// Staged version, if any.
        public var stagedVersion: String?
        /// `running` (all processes), `stopped` (none), `partial` or `draining`.
        public var state: String
        /// Processes running.
        public var processesRunning: Int
        /// Processes of the node.
        public var processes: Int
        /// The node's CP mode setting.
        public var cpMode: CPMode
        /// Whether its endpoint is up (false under a nodeDown fault).
        public var endpointUp: Bool
    }

    /// Effects applied per Idempotency-Key: more than one for a key is a duplicate.
    public struct Effects: Sendable, Equatable, Codable {
        /// Effects applied in total.
        public var applied: Int
        /// Effects applied beyond the first for their key (should be 0).
        public var duplicates: Int
        /// Effects per key.
        public var perKey: [String: Int]
    }

    /// System name.
    public var system: String
    /// Simulated seconds since the farm started.
    public var simulatedSeconds: Double
    /// Job counters.
    public var jobs: Jobs
    /// Simulated seconds without a PWP.
    public var secondsWithoutPWP: Double
    /// Simulated seconds in which at least one NetArea with agents had no reachable active CP.
    public var secondsAnyNetAreaWithoutActiveCP: Double
    /// PWP takeovers (a WP became PWP after the PWP stopped without handover).
    public var takeovers: Int
    /// Times standby CPs activated by themselves because no active CP was left.
    public var autoActivations: Int
    /// Per NetArea.
    public var netAreas: [NetAreaReport]
    /// Per node, in topology order.
    public var nodes: [NodeReport]
    /// ZDU state now.
    public var zdu: ZDUState
    /// Whether ZDU finalized by itself (every base process stopped).
    public var autoFinalized: Bool
    /// The PWP process now, nil during a takeover gap.
    public var pwp: String?
    /// Effects per Idempotency-Key.
    public var effects: Effects
    /// Faults in force.
    public var faults: [Fault]
}
