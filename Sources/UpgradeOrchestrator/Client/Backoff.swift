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

extension Backoff {
    /// Retry delays for a step or a check whose failure may be one of AE's gaps (a PWP takeover, agents
    /// reconnecting): equal-jitter exponential delays whose shortest draws still add up to at least `gap` over the
    /// `maxAttempts` attempts, so the last attempt comes after the gap has passed; never shorter than `floor`.
    public static func spanning(gap: Duration, maxAttempts: Int, floor: Duration) -> Backoff {
        let waits = min(max(maxAttempts - 1, 1), 20)
        // Shortest total: sum over k of base * 2^(k-1) / 2 = base * (2^waits - 1) / 2.
        let gapSeconds = Double(gap.components.seconds) + Double(gap.components.attoseconds) * 1e-18
        let needed = Duration.milliseconds((gapSeconds * 2000 / Double((1 << waits) - 1)).rounded(.up))
        let base = max(floor, needed)
        return Backoff(base: base, cap: base * (1 << (waits - 1)), maxAttempts: max(maxAttempts, 1))
    }

    /// The shortest wait the delays before attempts 2...maxAttempts add up to (every jitter at 0).
    public var shortestSpan: Duration {
        (1..<max(maxAttempts, 1)).reduce(Duration.zero) { $0 + delay(afterAttempt: $1, jitter: 0) }
    }

    /// A jitter in 0...1 drawn from a step id and an attempt: the same step and attempt always wait the same time
    /// (the same fault at the same instant gives the same outcome), while steps retried together spread out.
    public static func jitter(for id: String, attempt: Int) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in id.utf8 + [UInt8(truncatingIfNeeded: attempt)] {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return Double(hash >> 11) / Double(1 << 53)
    }
}
