import Foundation

/// Append-only JSON Lines journal: one record per event, fsync'ed before the next action, each line chained to the
/// one before it by `seq` and `prev` (see `JournalChain`).
///
/// A torn last line (unterminated: a crash mid-write) is ignored with a warning and cut off before appending; any
/// whole line that is bad or does not link is an error naming the line (see `JournalRead.parse`).
public final class Journal {
    /// The journal file.
    public let path: String
    private let descriptor: Int32
    private let encoder: JSONEncoder
    /// Records appended but not written yet (`append(contentsOf:durable: false)`), as JSON lines.
    private var pending = Data()
    /// Where the chain stands after the last record appended (written or pending).
    private var tail: JournalChain.Position

    /// Records read from the file when it was opened.
    public private(set) var records: [JournalRecord]
    /// Warnings from reading (a torn tail).
    public let warnings: [String]

    /// Opens (creating when missing) the journal at `path`, reading what it holds.
    public convenience init(path: String) throws(JournalError) {
        try self.init(path: path, read: try Journal.read(path: path))
    }

    /// Opens the journal for appending from a read of it the caller already made (the file is not read twice).
    public init(path: String, read: JournalRead) throws(JournalError) {
        self.path = path
        records = read.records
        tail = read.tail
        warnings = read.warnings
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(path: path, message: String(cString: strerror(errno))) }
        if read.validLength < read.fileLength {
            guard ftruncate(descriptor, off_t(read.validLength)) == 0 else {
                throw .io(path: path, message: "cannot cut the torn tail: \(String(cString: strerror(errno)))")
            }
        }
        encoder = JournalChain.makeEncoder()
    }

    deinit {
        // Records not made durable yet reach the file at least (a normal exit after an error keeps them).
        try? writePending()
        close(descriptor)
    }

    /// Appends one record and fsyncs it: when this returns, the record survives a crash.
    public func append(_ record: JournalRecord) throws(JournalError) {
        try append(contentsOf: [record])
    }

    /// Appends records. `durable` (the default) writes them, with any held back before, in one write and one fsync
    /// (a group commit): when this returns they survive a crash. Otherwise they are held in memory until the next
    /// durable append or `sync()`, which the executor calls before its next action. So there is never more than
    /// one write not yet fsync'ed, and a crash, even a power cut, leaves at most a torn tail, which reading ignores;
    /// records lost with it were never acted on (resume observes those steps again).
    public func append(contentsOf batch: [JournalRecord], durable: Bool = true) throws(JournalError) {
        for record in batch {
            guard let next = try? JournalChain.line(record, after: tail, encoder: encoder) else {
                throw .io(path: path, message: "cannot encode record")
            }
            pending.append(next.line)
            pending.append(0x0A)
            tail = next.position
        }
        records.append(contentsOf: batch)
        if durable { try sync() }
    }

    /// Writes and fsyncs the records held back (nothing to do when there are none).
    public func sync() throws(JournalError) {
        guard !pending.isEmpty else { return }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_nlink == 0 {
            throw .io(path: path, message: "was deleted while this run was writing it; the run stops. The farm may have "
                + "changed: check it with aeupgrade status; do not delete a run's journal, it is what resume continues from")
        }
        try writePending()
        guard fsync(descriptor) == 0 else { throw .io(path: path, message: String(cString: strerror(errno))) }
    }

    private func writePending() throws(JournalError) {
        guard !pending.isEmpty else { return }
        let data = pending
        pending = Data()
        var offset = 0
        while offset < data.count {
            let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                let cause = written < 0 ? String(cString: strerror(errno)) : "nothing written"
                throw .io(path: path, message: "cannot write record (\(cause)) after \(offset) of \(data.count) bytes")
            }
            offset += written
        }
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
