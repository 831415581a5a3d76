/// One simulated agent, kept compact: 50,000 of them fit easily.
struct SimAgent: Sendable, Equatable {
    /// NetArea index the agent belongs to.
    var home: Int32
    /// Global CP index it is connected to, or -1.
    var cp: Int32 = -1
    /// When it (re)connects or returns home; `.infinity` when nothing is scheduled.
    var retryAt: Double = .infinity
    /// Offset of its job submissions within one submission interval, in seconds.
    var phase: Double
    /// Jobs it submitted that wait for a connection or a PWP.
    var waitingJobs: Int32 = 0
    /// Submission time of its oldest waiting job.
    var waitingSince: Double = 0
}
