/// Jobs started together on one node, ending together.
struct JobBatch: Sendable, Equatable {
    /// Simulated time the jobs end.
    var endsAt: Double
    /// How many jobs.
    var count: Int
}
