import Foundation

/// One chained journal line as written: its `seq` and its bytes (without the newline; see `JournalChain`).
public struct JournalLine: Sendable, Equatable {
    /// The record's `seq`, from 1.
    public var seq: Int
    /// The exact line, hashed by the next line's `prev`.
    public var bytes: Data

    /// Creates a line.
    public init(seq: Int, bytes: Data) {
        self.seq = seq
        self.bytes = bytes
    }
}

/// Where a `Journal` makes its lines durable: a file (`FileJournalSink`) or a database (the PostgreSQL backend).
///
/// `commit` is one group commit: every line in one write and one fsync, or one database transaction. When it
/// returns the lines survive a crash; when it throws, none of them may be relied on.
public protocol JournalSink: AnyObject {
    /// Writes `lines` (consecutive, following what was committed before) durably.
    func commit(_ lines: [JournalLine]) throws(JournalError)
    /// Writes what it can without waiting for durability (a journal dropped after an error keeps its last lines).
    func flush(_ lines: [JournalLine])
}

/// The journal's JSON Lines file, appended with `O_APPEND`, each group commit one write loop and one fsync.
public final class FileJournalSink: JournalSink {
    /// The journal file.
    public let path: String
    private let descriptor: Int32

    /// Opens (creating when missing) the file at `path` for appending; `validLength` bytes are kept (a torn tail
    /// beyond them is cut). A new file's directory entry is fsync'ed, so a crash cannot lose the file itself.
    public init(path: String, validLength: Int, fileLength: Int) throws(JournalError) {
        self.path = path
        let existed = FileManager.default.fileExists(atPath: path)
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(path: path, message: String(cString: strerror(errno))) }
        if validLength < fileLength {
            guard ftruncate(descriptor, off_t(validLength)) == 0 else {
                // deinit closes the descriptor
                throw .io(path: path, message: "cannot cut the torn tail: \(String(cString: strerror(errno)))")
            }
        }
        if !existed { try StateFiles.syncDirectory(of: path) }
    }

    deinit { close(descriptor) }

    /// Writes the lines in one write loop (short writes continue where they stopped) and fsyncs.
    public func commit(_ lines: [JournalLine]) throws(JournalError) {
        guard !lines.isEmpty else { return }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_nlink == 0 {
            throw .io(path: path, message: "was deleted while this run was writing it; the run stops. The farm may have "
                + "changed: check it with aeupgrade status; do not delete a run's journal, it is what resume continues from")
        }
        try write(lines)
        guard fsync(descriptor) == 0 else { throw .io(path: path, message: String(cString: strerror(errno))) }
    }

    /// Writes the lines without fsync.
    public func flush(_ lines: [JournalLine]) {
        try? write(lines)
    }

    private func write(_ lines: [JournalLine]) throws(JournalError) {
        var data = Data()
        for line in lines {
            data.append(line.bytes)
            data.append(0x0A)
        }
        do { try StateFiles.writeAll(descriptor, data) } catch {
            throw .io(path: path, message: "cannot write record (\(error.cause)) after \(error.offset) of \(error.total) bytes")
        }
    }
}
