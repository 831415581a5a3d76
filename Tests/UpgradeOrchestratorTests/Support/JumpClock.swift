import Synchronization

/// A manual clock that moves only when a sleeper asks it to: `sleep(until:)` jumps to the deadline at once. Runs
/// against the in-memory fake take no real time and every wait ends at the same simulated instant on every run.
final class JumpClock: Clock, Sendable {
    typealias Instant = ManualClock.Instant

    private let current = Mutex(Instant(offset: .zero))

    var now: Instant { current.withLock { $0 } }
    var minimumResolution: Duration { .zero }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        current.withLock { if $0 < deadline { $0 = deadline } }
        await Task.yield()
    }
}
