import NodeContract

/// What an operator asks after an upgrade window: jobs, outages, versions, ZDU phase, duplicate effects.
/// Served as JSON by `GET <admin>/report` and printed as `summary` when `aeupgrade-sim` exits. The orchestrator's
/// run report reads `system`, `simulatedSeconds`, `jobs`, `secondsWithoutPWP`, `takeovers`,
/// `netAreas[].name`, `netAreas[].secondsWithoutReachableActiveCP` and `effects` (AvailabilityFigures).
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

    /// Agents of one NetArea that connect to one kind of process (CP or JCP).
    public struct KindReport: Sendable, Equatable, Codable {
        /// `CP` or `JCP`.
        public var via: ProcessKind
        /// Agents of this kind.
        public var agents: Int
        /// Agents connected to a process of their own NetArea now.
        public var home: Int
        /// Agents not connected now.
        public var disconnected: Int
        /// Simulated seconds without a reachable serving process of this kind (own or declared fallback NetArea).
        public var secondsWithoutServing: Double
    }

    /// Outage of one NetArea.
    public struct NetAreaReport: Sendable, Equatable, Codable {
        /// NetArea name.
        public var name: String
        /// Agents that belong to it (both kinds).
        public var agents: Int
        /// Agents connected to a process of their own NetArea now.
        public var home: Int
        /// Agents not connected now.
        public var disconnected: Int
        /// Simulated seconds in which agents of some kind of this NetArea had no reachable serving CP/JCP of their
        /// kind (own or declared fallback). The name is kept for the orchestrator's report.
        public var secondsWithoutReachableActiveCP: Double
        /// Per kind of agent with agents.
        public var kinds: [KindReport]
    }

    /// One node now.
    public struct NodeReport: Sendable, Equatable, Codable {
        /// Node name.
        public var name: String
        /// Datacenter.
        public var datacenter: String
        /// Version of the base binaries.
        public var installedVersion: String
        /// Version of the staged target binaries, if any.
        public var stagedVersion: String?
        /// Processes per set (the topology's counts).
        public var processes: Int
        /// Base processes running or draining.
        public var baseRunning: Int
        /// Target processes running.
        public var targetRunning: Int
        /// Jobs running on its base WPs now (finalize waits for every base job, AE-ZDU-8).
        public var jobsOnBase: Int
        /// Jobs running on its target WPs now.
        public var jobsOnTarget: Int
        /// Whether its base WPs drain now.
        public var draining: Bool
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
    /// Simulated seconds in which some (NetArea, kind) with agents had no reachable serving process of its kind.
    public var secondsAnyNetAreaWithoutCP: Double
    /// PWP takeovers (a WP became PWP after a gap, AE-PWP-1).
    public var takeovers: Int
    /// Per NetArea, in topology order.
    public var netAreas: [NetAreaReport]
    /// Per node, in topology order.
    public var nodes: [NodeReport]
    /// ZDU state now.
    public var zdu: ZDUState
    /// Whether ZDU finalized by itself (every base process stopped, AE-ZDU-6).
    public var autoFinalized: Bool
    /// The PWP process now, nil during a takeover gap.
    public var pwp: String?
    /// Effects per Idempotency-Key.
    public var effects: Effects
    /// Faults in force.
    public var faults: [Fault]
}
