import Synchronization

/// One read of the whole farm shared by the health checks that want it at the same moment.
///
/// When a batch enters a datacenter, each of its drains re-checks the farm's health; without sharing, 25 steps
/// would read 200 nodes each. A check joins a read in flight, or reuses the last finished one, only when that read
/// started no earlier than the check's step was released: no check ever sees a state older than the moment its
/// own dependencies were done. Moments are `ReleaseCounter` values, not clock readings, so two events at the same
/// instant of a coarse or manual clock are still ordered.
///
/// At most one read runs at a time. A check that finds a read in flight started too early waits for the next
/// read, which starts as soon as that one ends, and every check arriving meanwhile joins the same next read: steps
/// released one after another while a read runs cost one more read, not one each.
///
/// A read runs in the task of a check that wants it (no unstructured task): when a run ends, no request is left
/// in flight behind it.
public actor SharedFarmRead<Mark: Comparable & Sendable> {
    private typealias Outcome = Result<LiveState, NodeError>

    /// The latest read started: its number, when it started, and its outcome once it has one.
    private var latest: (number: Int, started: Mark, outcome: Outcome?)?
    /// The number of the read that starts when the one in flight ends, once a check waits for it.
    private var queued: Int?
    /// Checks waiting for a read, by read number.
    private var waiting: [Int: [CheckedContinuation<Outcome, Never>]] = [:]
    private var reads = 0

    /// Creates an empty cache.
    public init() {}

    /// The farm as read at or after `notBefore`: the latest read when it started then or later; else the next read,
    /// which `fetch` performs once no other read is in flight, started at the moment `now` tells then.
    public func read(
        notBefore: Mark, now: @Sendable () -> Mark, fetch: @Sendable () async -> Result<LiveState, NodeError>
    ) async -> Result<LiveState, NodeError> {
        if let latest, latest.started >= notBefore {
            if let outcome = latest.outcome { return outcome }
            return await wait(for: latest.number)
        }
        if let queued { return await wait(for: queued) }
        reads += 1
        let number = reads
        if let inFlight = latest, inFlight.outcome == nil {
            queued = number
            _ = await wait(for: inFlight.number)
            queued = nil
        }
        latest = (number, now(), nil)
        let outcome = await fetch()
        if latest?.number == number { latest?.outcome = outcome }
        for waiter in waiting.removeValue(forKey: number) ?? [] { waiter.resume(returning: outcome) }
        return outcome
    }

    /// Checks waiting for a read now (for tests and diagnostics).
    public var waitingChecks: Int { waiting.values.reduce(0) { $0 + $1.count } }

    private func wait(for number: Int) async -> Outcome {
        await withCheckedContinuation { waiting[number, default: []].append($0) }
    }
}

/// Numbers the moments the executor releases steps: each event it handles advances the count, and a step carries
/// the count it was released at. A read started when the count was `n` started after every release numbered `n`
/// or less.
public final class ReleaseCounter: Sendable {
    private let count = Mutex(0)

    /// Creates a counter at 0.
    public init() {}

    /// Advances the count and returns it: the mark of the steps released now.
    public func advance() -> Int { count.withLock { $0 += 1; return $0 } }

    /// The count now.
    public var current: Int { count.withLock { $0 } }
}
