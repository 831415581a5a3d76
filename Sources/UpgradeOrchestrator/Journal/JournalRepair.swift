import Foundation

/// `aeupgrade journal repair --truncate-after N`: keeps a journal's first N records, after copying the whole file to
/// a backup beside it. Nothing is reordered or rewritten: the kept lines are the file's first N lines, byte for byte,
/// and must themselves verify.
public enum JournalRepair {
    /// What a repair did.
    public struct Outcome: Sendable, Equatable {
        /// Records kept (lines 1…kept).
        public var kept: Int
        /// Bytes cut from the end of the file.
        public var removedBytes: Int
        /// The copy of the file as it was before the repair.
        public var backup: String
    }

    /// Cuts the journal at `path` after its record `count`; the caller holds the run lock.
    public static func truncate(path: String, after count: Int) throws(JournalError) -> Outcome {
        guard count >= 0 else { throw .io(path: path, message: "--truncate-after must be 0 or more, got \(count)") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(path: path, message: "cannot read (no journal here: check --state-dir)")
        }
        let bytes = [UInt8](data)
        var length = 0
        var lines = 0
        while lines < count {
            guard let end = bytes[length...].firstIndex(of: 0x0A) else {
                throw .io(path: path, message: "has only \(lines) whole lines, cannot keep \(count); "
                    + "run `aeupgrade journal verify` to see them")
            }
            length = end + 1
            lines += 1
        }
        _ = try JournalRead.parse(Array(bytes[..<length]), path: path)
        let backup = "\(path).bak-\(Journal.timestamp().filter { $0 != ":" })"
        try writeBackup(data, to: backup)
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io(path: path, message: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard ftruncate(descriptor, off_t(length)) == 0, fsync(descriptor) == 0 else {
            throw .io(path: path, message: "cannot truncate: \(String(cString: strerror(errno))); "
                + "the file is unchanged or cut at line \(count), the backup \(backup) holds all of it")
        }
        return Outcome(kept: count, removedBytes: bytes.count - length, backup: backup)
    }

    /// Writes `data` to a new file `path` and fsyncs it and its directory (refuses to overwrite).
    private static func writeBackup(_ data: Data, to path: String) throws(JournalError) {
        do { try StateFiles.createDurably(data, at: path) } catch {
            throw .io(path: path, message: "cannot write the backup: \(error.description)")
        }
    }
}
