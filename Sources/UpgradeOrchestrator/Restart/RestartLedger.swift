import Synchronization
import UpgradePlan

/// The restarts of crashed target processes made this run, per process id, shared by every copy of a `StepRunner`
/// (checks run concurrently): a restart is claimed (counted) before it is performed, so two checks that find the same
/// crash restart it once.
public final class RestartLedger: Sendable {
    private struct Book {
        var counts: [String: Int] = [:]
        var inProgress: Set<String> = []
    }

    private let book = Mutex(Book())

    /// Creates an empty ledger (a run's counts start at zero).
    public init() {}

    /// Decides for `crashed` (`CrashRestartDecision.decide`) and claims its restarts: counted, and in progress until
    /// `finished`.
    public func claim(_ crashed: [CrashedProcess], policy: Policy) -> CrashRestartDecision {
        book.withLock { book in
            let decision = CrashRestartDecision.decide(
                crashed: crashed, policy: policy, restartsSoFar: book.counts, inProgress: book.inProgress)
            for restart in decision.restarts {
                book.counts[restart.process.id] = restart.number
                book.inProgress.insert(restart.process.id)
            }
            return decision
        }
    }

    /// Ends the claimed restarts of these processes (whether they succeeded or not).
    public func finished(_ ids: [String]) {
        book.withLock { book in
            for id in ids { book.inProgress.remove(id) }
        }
    }

    /// Restarts made so far this run, per process id.
    public var counts: [String: Int] {
        book.withLock { $0.counts }
    }
}
