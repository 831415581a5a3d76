import Foundation

/// Append-only JSON Lines journal: one record per event, fsync'ed before the next action.
///
/// A torn last line (a crash mid-write) is ignored with a warning and cut off before appending; a bad line
/// anywhere else is an error naming the line.
public final class Journal {
    /// The journal file.
    public let path: String
    private let descriptor: Int32
    private let encoder: JSONEncoder
    /// Records appended but not written yet (`append(contentsOf:durable: false)`), as JSON lines.
    private var pending = Data()

    /// Records read from the file when it was opened.
    public private(set) var records: [JournalRecord]
    /// Warnings from reading (a torn tail).
    public let warnings: [String]

    /// Opens (creating when missing) the journal at `path`, reading what it holds.
    public convenience init(path: String) throws(JournalError) {
        try self.init(path: path, read: try Journal.read(path: path))
    }

    /// Opens the journal for appending from a read of it the caller already made (the file is not read twice).
    public init(
        path: String, read: (records: [JournalRecord], warnings: [String], validLength: Int, fileLength: Int)
    ) throws(JournalError) {
        self.path = path
        records = read.records
        warnings = read.warnings
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(path: path, message: String(cString: strerror(errno))) }
        if read.validLength < read.fileLength {
            guard ftruncate(descriptor, off_t(read.validLength)) == 0 else {
                throw .io(path: path, message: "cannot cut the torn tail: \(String(cString: strerror(errno)))")
            }
        }
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
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
            guard let line = try? encoder.encode(record) else { throw .io(path: path, message: "cannot encode record") }
            pending.append(line)
            pending.append(0x0A)
        }
        records.append(contentsOf: batch)
        if durable { try sync() }
    }

    /// Writes and fsyncs the records held back (nothing to do when there are none).
    public func sync() throws(JournalError) {
        guard !pending.isEmpty else { return }
        try writePending()
        guard fsync(descriptor) == 0 else { throw .io(path: path, message: String(cString: strerror(errno))) }
    }

    private func writePending() throws(JournalError) {
        guard !pending.isEmpty else { return }
        let data = pending
        pending = Data()
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count else { throw .io(path: path, message: "short write: \(written) of \(data.count)") }
    }

    /// Reads a journal: its records, warnings, and how many leading bytes are whole lines.
    public static func read(
        path: String
    ) throws(JournalError) -> (records: [JournalRecord], warnings: [String], validLength: Int, fileLength: Int) {
        guard FileManager.default.fileExists(atPath: path) else { return ([], [], 0, 0) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(path: path, message: "cannot read")
        }
        let bytes = [UInt8](data)
        var records: [JournalRecord] = []
        var warnings: [String] = []
        var start = 0
        var lineNumber = 0
        var validLength = 0
        let decoder = JSONDecoder()
        while start < bytes.count {
            lineNumber += 1
            let end = bytes[start...].firstIndex(of: 0x0A)
            let line = Data(bytes[start..<(end ?? bytes.count)])
            let isLast = end == nil || end! + 1 >= bytes.count
            if line.isEmpty && end != nil {
                start = end! + 1
                validLength = start
                continue
            }
            do {
                guard end != nil else { throw CocoaError(.fileReadCorruptFile) }
                records.append(try decoder.decode(JournalRecord.self, from: line))
                validLength = end! + 1
            } catch {
                guard isLast else {
                    throw .corrupt(path: path, line: lineNumber, message: "not a journal record")
                }
                warnings.append("\(path):\(lineNumber): torn last record ignored (a crash while writing it)")
                break
            }
            start = (end ?? bytes.count) + 1
        }
        return (records, warnings, validLength, bytes.count)
    }

    /// The current time as ISO 8601 UTC with milliseconds.
    public static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
