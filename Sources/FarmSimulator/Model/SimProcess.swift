import NodeContract

/// One simulated process (WP or CP).
struct SimProcess: Sendable, Equatable {
    /// Running, draining or stopped.
    var state: ProcessRunState
    /// Version it runs or last ran.
    var version: String
    /// For a CP, its mode.
    var cpMode: CPMode
}
