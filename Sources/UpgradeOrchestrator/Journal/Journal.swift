import Foundation

/// Append-only JSON Lines journal: one record per event, fsync'ed before the next action, each line chained to the
/// one before it by `seq` and `prev` (see `JournalChain`).
///
/// A torn last line (unterminated: a crash mid-write) is ignored with a warning and cut off before appending; any
/// whole line that is bad or does not link is an error naming the line (see `JournalRead.parse`).
public final class Journal {
    /// Where the journal lives, for messages: the file, or the database and system of the PostgreSQL backend.
    public let path: String
    private let sink: any JournalSink
    private let encoder: JSONEncoder
    /// Records appended but not written yet (`append(contentsOf:durable: false)`), as chained lines.
    private var pending: [JournalLine] = []
    /// Where the chain stands after the last record appended (written or pending).
    private var tail: JournalChain.Position

    /// Records read when it was opened, and those appended since.
    public private(set) var records: [JournalRecord]
    /// `records` folded, kept up to date by every append (so a run folds a long journal once, not per decision).
    public private(set) var state: JournalState
    /// Warnings from reading (a torn tail).
    public let warnings: [String]

    /// Opens (creating when missing) the journal file at `path`, reading what it holds.
    public convenience init(path: String) throws(JournalError) {
        try self.init(path: path, read: try Journal.read(path: path))
    }

    /// Opens the journal file for appending from a read of it the caller already made (the file is not read twice).
    public convenience init(path: String, read: JournalRead) throws(JournalError) {
        let sink = try FileJournalSink(path: path, validLength: read.validLength, fileLength: read.fileLength)
        self.init(location: path, read: read, sink: sink)
    }

    /// Opens a journal whose lines `sink` makes durable, continuing from `read`.
    public init(location: String, read: JournalRead, sink: any JournalSink) {
        path = location
        records = read.records
        state = JournalState(records: read.records)
        tail = read.tail
        warnings = read.warnings
        self.sink = sink
        encoder = JournalChain.makeEncoder()
    }

    deinit {
        // Records not made durable yet reach the sink at least (a normal exit after an error keeps them).
        if !pending.isEmpty { sink.flush(pending) }
    }

    /// Appends one record and makes it durable: when this returns, the record survives a crash.
    public func append(_ record: JournalRecord) throws(JournalError) {
        try append(contentsOf: [record])
    }

    /// Appends records. `durable` (the default) commits them, with any held back before, at once (a group commit:
    /// one write and one fsync, or one database transaction): when this returns they survive a crash. Otherwise
    /// they are held in memory until the next durable append or `sync()`, which the executor calls before its next
    /// action. So there is never more than one commit not yet durable, and a crash, even a power cut, leaves at most
    /// a torn tail, which reading ignores; records lost with it were never acted on (resume observes those steps
    /// again).
    public func append(contentsOf batch: [JournalRecord], durable: Bool = true) throws(JournalError) {
        for record in batch {
            guard let next = try? JournalChain.line(record, after: tail, encoder: encoder) else {
                throw .io(path: path, message: "cannot encode record")
            }
            pending.append(JournalLine(seq: next.position.seq, bytes: next.line))
            tail = next.position
        }
        records.append(contentsOf: batch)
        for record in batch { state.apply(record) }
        if durable { try sync() }
    }

    /// Commits the records held back (nothing to do when there are none).
    public func sync() throws(JournalError) {
        guard !pending.isEmpty else { return }
        let lines = pending
        pending = []
        try sink.commit(lines)
    }

    /// Reads and verifies a journal (see `JournalRead.parse`); a missing file is an empty journal.
    public static func read(path: String) throws(JournalError) -> JournalRead {
        try JournalRead.load(path: path)
    }

    /// The current time as ISO 8601 UTC with milliseconds.
    public static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
