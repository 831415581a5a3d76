/// Problems with the journal or the lock in the state directory.
public enum JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A line other than the last is not a valid record.
    case corrupt(path: String, line: Int, message: String)
    /// The journal belongs to another plan and is unfinished.
    case otherPlan(path: String, journalPlanHash: String, planHash: String)
    /// Reading, writing or syncing failed.
    case io(path: String, message: String)
    /// Another apply/resume/rollback holds the lock of this system.
    case locked(path: String, holder: String)

    /// What happened and what to do.
    public var description: String {
        switch self {
        case .corrupt(let path, let line, let message):
            return "\(path):\(line): corrupt journal record (\(message)); repair or move the line away, then resume"
        case .otherPlan(let path, let journalHash, let planHash):
            return "\(path) belongs to another plan (\(journalHash.prefix(12))…, this plan is \(planHash.prefix(12))…) "
                + "and is unfinished: resume or roll back that plan, or use another --state-dir"
        case .io(let path, let message):
            return "\(path): \(message)"
        case .locked(let path, let holder):
            return "another run holds \(path) (\(holder)); wait for it to finish or stop that process"
        }
    }
}
