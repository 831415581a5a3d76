/// Problems with the journal or the lock in the state directory.
public enum JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A whole line is not a record or does not link to the line before it (missing, reordered, edited, foreign):
    /// `line` is the first line that may be bad, so every line before it is intact.
    case corrupt(path: String, line: Int, message: String)
    /// The journal belongs to another plan and is unfinished.
    case otherPlan(path: String, journalPlanHash: String, planHash: String)
    /// Reading, writing or syncing failed.
    case io(path: String, message: String)
    /// Another apply/resume/rollback holds the lock of this system.
    case locked(path: String, holder: String)
    /// This holder lost the run lock (its lease was taken over): the write was refused, nothing of it was kept.
    case fenced(path: String, detail: String)

    /// What happened and what to do.
    public var description: String {
        switch self {
        case .corrupt(let path, let line, let message):
            return "\(path):\(line): corrupt journal record: \(message). Records 1–\(line - 1) are intact; see "
                + "docs/apply.md (\"A damaged journal\"): `aeupgrade journal verify` checks the whole file, and "
                + "`aeupgrade journal repair … --truncate-after \(line - 1)` keeps only the intact records (with a backup)"
        case .otherPlan(let path, let journalHash, let planHash):
            return "\(path) belongs to another plan (\(journalHash.prefix(12))…, this plan is \(planHash.prefix(12))…) "
                + "and is unfinished: resume or roll back that plan, or use another --state-dir"
        case .io(let path, let message):
            return "\(path): \(message)"
        case .locked(let path, let holder):
            return "another run holds \(path) (\(holder)); wait for it to finish or stop that process"
        case .fenced(let path, let detail):
            return "\(path): this run lost its lease and may not write any more: \(detail). It stops here; the run "
                + "holding the lease now continues the upgrade (check it with aeupgrade status)"
        }
    }
}
