import NodeContract

/// Where a system's run state lives: its journal, its run lock and the approvals journaled in it. The file backend
/// (`FileStateBackend`, a `--state-dir`) is the default; the PostgreSQL backend (`--state postgres://…`, target
/// StatePostgres) lets any machine status, approve and resume a run.
public protocol StateBackend: Sendable {
    /// Where the journal of `system` lives, for messages: a file path, or the database (without password) and system.
    func location(system: String) -> String
    /// Reads and verifies the journal of `system` without the lock (status, report, the live display).
    func read(system: String) async throws(JournalError) -> JournalRead
    /// Takes the run lock of `system` for `purpose` (apply, resume, rollback, approve), or throws `.locked` naming
    /// the holder. Each holder gets a fencing token with a higher epoch than any before it in this state.
    func lock(system: String, purpose: String) async throws(JournalError) -> any StateLock
}

/// A held run lock: the journal may be read, archived and appended to while it is held.
public protocol StateLock: AnyObject, Sendable {
    /// Where the journal lives, for messages.
    var location: String { get }
    /// This holder's fencing token (sent to the nodes on every mutating request).
    var fence: FencingToken { get }
    /// The holder the lock was taken from (its lease ran out), in words; nil when the lock was free.
    var tookOverFrom: String? { get }
    /// Reads and verifies the journal.
    func read() async throws(JournalError) -> JournalRead
    /// Keeps the finished journal `read` (of the plan `planHash`) aside and empties the journal; returns where it is
    /// kept, for the operator.
    func archive(_ read: JournalRead, planHash: String) async throws(JournalError) -> String
    /// Opens the journal for appending after `read`. Every commit checks that this holder still holds the lock.
    func journal(after read: JournalRead) async throws(JournalError) -> Journal
    /// Releases the lock (a holder that dies instead is taken over: at once for the file backend, after the lease
    /// timeout for PostgreSQL).
    func release() async
}
