/// Retry delays: exponential backoff with jitter, overridden by a server's `Retry-After`.
public struct Backoff: Sendable, Equatable {
    /// Delay before the second attempt (before jitter).
    public var base: Duration
    /// Upper bound of any delay.
    public var cap: Duration
    /// Attempts in all, the first included.
    public var maxAttempts: Int

    /// Creates a backoff policy.
    public init(base: Duration = .milliseconds(100), cap: Duration = .seconds(5), maxAttempts: Int = 5) {
        self.base = base
        self.cap = cap
        self.maxAttempts = maxAttempts
    }

    /// The delay after failed attempt `attempt` (1-based); `jitter` in 0...1 picks a point in the upper half of the
    /// exponential delay ("equal jitter"); a `Retry-After` wins when given (capped).
    public func delay(afterAttempt attempt: Int, jitter: Double, retryAfterSeconds: Int? = nil) -> Duration {
        if let retryAfterSeconds {
            return min(.seconds(retryAfterSeconds), cap)
        }
        let exponent = min(max(attempt - 1, 0), 20)
        let full = min(base * (1 << exponent), cap)
        let half = full / 2
        return half + half * min(max(jitter, 0), 1)
    }
}
