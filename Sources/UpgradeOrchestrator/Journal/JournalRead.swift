import Foundation

/// A journal as read from disk: its records in order, checked against the hash chain (see `JournalChain`).
public struct JournalRead: Sendable {
    /// The records of the whole, linked lines.
    public var records: [JournalRecord]
    /// Warnings (a torn last line).
    public var warnings: [String]
    /// Bytes of whole lines: where a torn last line starts (the file's length when there is none).
    public var validLength: Int
    /// The file's length when read.
    public var fileLength: Int
    /// Where the chain stands after the last whole line: the next record continues from here.
    public var tail: JournalChain.Position

    /// An empty journal; `fileLength` bytes already in the file are cut when it is opened for appending.
    public static func empty(replacing fileLength: Int = 0) -> JournalRead {
        JournalRead(records: [], warnings: [], validLength: 0, fileLength: fileLength, tail: .start)
    }

    /// Reads and verifies the bytes of a journal at `path` (named in errors).
    ///
    /// Only an unterminated last line counts as torn (a crash while writing it): it is left out with a warning.
    /// Any whole line that is not a record, lacks `seq`/`prev`, or does not link to the line before it (a missing,
    /// reordered, edited or foreign line) is an error naming its line number and what is wrong, the last line too.
    public static func parse(_ bytes: [UInt8], path: String) throws(JournalError) -> JournalRead {
        try bytes.withUnsafeBufferPointer { (all) throws(JournalError) -> JournalRead in
            var read = JournalRead.empty()
            read.fileLength = all.count
            read.records.reserveCapacity(all.count / 200)
            let decoder = JSONDecoder()
            var start = 0
            var number = 0
            while start < all.count {
                number += 1
                guard let end = all[start...].firstIndex(of: 0x0A) else {
                    read.warnings.append("\(path):\(number): torn last record ignored (a crash while writing it)")
                    break
                }
                let line = UnsafeBufferPointer(rebasing: all[start..<end])
                guard !line.isEmpty else { throw .corrupt(path: path, line: number, message: "empty line") }
                let link: JournalChain.Link
                if let flat = JournalLineParser.link(line) {
                    link = flat
                } else {
                    do {
                        link = try decoder.decode(JournalChain.Link.self, from: Data(buffer: line))
                    } catch {
                        throw .corrupt(path: path, line: number, message: "not a journal record")
                    }
                }
                if let problem = JournalChain.problem(link, number: number, after: read.tail) {
                    throw .corrupt(path: path, line: problem.line, message: problem.message)
                }
                read.records.append(link.record)
                read.tail = JournalChain.Position(seq: number, hash: JournalChain.hash(line))
                start = end + 1
                read.validLength = start
            }
            return read
        }
    }

    /// Reads and verifies the journal at `path`; a missing file is an empty journal.
    public static func load(path: String) throws(JournalError) -> JournalRead {
        guard FileManager.default.fileExists(atPath: path) else { return .empty() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(path: path, message: "cannot read")
        }
        return try parse([UInt8](data), path: path)
    }
}
