/// One simulated agent, kept compact: 50,000 of them fit easily.
struct SimAgent: Sendable, Equatable {
    /// NetArea index the agent belongs to (its home; it never returns there on its own, AE-NETAREA-2).
    var home: Int32
    /// 0: connects to CPs, 1: connects to JCPs (AE-JCP-1).
    var via: Int8
    /// Global index of the CP/JCP it is connected to (`FarmModel.servers`), or -1.
    var server: Int32 = -1
    /// When it (re)connects or moves to a preferred process; `.infinity` when nothing is scheduled.
    var retryAt: Double = .infinity
    /// Offset of its job submissions within one submission interval, in seconds.
    var phase: Double
    /// Jobs it submitted that wait for a connection, a PWP or a WP.
    var waitingJobs: Int32 = 0
    /// Submission time of its oldest waiting job.
    var waitingSince: Double = 0
}
