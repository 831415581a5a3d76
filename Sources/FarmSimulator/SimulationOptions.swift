import UpgradePlan

/// How a simulated farm runs: clock, security, randomness and workload. Safe defaults in one init.
public struct SimulationOptions: Sendable, Equatable {
    /// How simulated time advances.
    public enum ClockMode: Sendable, Equatable {
        /// Simulated seconds = real seconds × factor (100: five simulated minutes take three real seconds).
        case scaled(Double)
        /// Time moves only when the caller advances it (`SimulatedFarm.advance(seconds:)`, `POST <admin>/clock`).
        case manual
    }

    /// How simulated time advances.
    public var clock: ClockMode
    /// Bearer token every `/v1` request must carry, or nil for no authentication.
    public var token: String?
    /// Seed of the random choices (5xx faults, agents' submission phases): same seed, same run.
    public var seed: UInt64
    /// Bind each node to the port of its topology endpoint instead of an ephemeral port.
    public var useTopologyPorts: Bool
    /// Durations of operations; nil takes the topology's `policy.durations`.
    public var durations: Durations?
    /// Jobs each agent submits per simulated minute.
    public var jobsPerAgentPerMinute: Double
    /// Simulated seconds a job runs on a WP.
    public var jobSeconds: Double
    /// Simulated seconds without a PWP after the PWP's WP stops without a handover.
    public var takeoverGapSeconds: Double
    /// Simulated seconds a draining WP waits for running jobs before it stops and loses the rest.
    public var drainTimeoutSeconds: Double
    /// Largest simulated step of the model (the resolution of reconnects and statistics), in seconds.
    public var stepSeconds: Double
    /// One fencing state per node, as a farm of aeupgrade-node keeps it (each node's `fence.json`), instead of one
    /// for the whole farm: a node down while a run claims the farm stays unclaimed until it is claimed itself.
    public var fencePerNode: Bool = false

    /// Creates options; omitted fields take safe defaults.
    public init(
        clock: ClockMode = .scaled(100), token: String? = nil, seed: UInt64 = 1, useTopologyPorts: Bool = false,
        durations: Durations? = nil, jobsPerAgentPerMinute: Double = 1, jobSeconds: Double = 20,
        takeoverGapSeconds: Double = 60, drainTimeoutSeconds: Double = 300, stepSeconds: Double = 1
    ) {
        self.clock = clock
        self.token = token
        self.seed = seed
        self.useTopologyPorts = useTopologyPorts
        self.durations = durations
        self.jobsPerAgentPerMinute = jobsPerAgentPerMinute
        self.jobSeconds = jobSeconds
        self.takeoverGapSeconds = takeoverGapSeconds
        self.drainTimeoutSeconds = drainTimeoutSeconds
        self.stepSeconds = stepSeconds
    }
}

extension SimulationOptions.ClockMode {
    /// Simulated seconds per real second; nil for a manual clock.
    public var scale: Double? {
        if case .scaled(let factor) = self { return factor }
        return nil
    }
}
