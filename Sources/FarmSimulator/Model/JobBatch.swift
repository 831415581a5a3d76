/// Jobs started together on one node's WPs of one set (base or target), ending together.
struct JobBatch: Sendable, Equatable {
    /// Simulated time the jobs end.
    var endsAt: Double
    /// How many jobs.
    var count: Int
}
