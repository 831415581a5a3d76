import Foundation

/// File system steps the file backend needs to be crash-safe: whole writes and durable directory entries.
public enum StateFiles {
    /// Why a write stopped: the cause and how far it got.
    public struct WriteFailure: Error, Sendable {
        /// The cause (strerror).
        public var cause: String
        /// Bytes written before it.
        public var offset: Int
        /// Bytes to write.
        public var total: Int
        /// The cause and the bytes written before it.
        public var message: String { "\(cause) after \(offset) of \(total) bytes" }
    }

    /// Writes all of `data` to `descriptor`: a short write continues where it stopped, EINTR is retried.
    public static func writeAll(_ descriptor: Int32, _ data: Data) throws(WriteFailure) {
        var offset = 0
        while offset < data.count {
            let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                let cause = written < 0 ? String(cString: strerror(errno)) : "nothing written"
                throw WriteFailure(cause: cause, offset: offset, total: data.count)
            }
            offset += written
        }
    }

    /// fsyncs the directory holding `path`, so a file created, renamed or copied there survives a crash.
    public static func syncDirectory(of path: String) throws(JournalError) {
        let directory = (path as NSString).deletingLastPathComponent
        let descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .io(path: directory, message: "cannot open the directory to sync it: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw .io(path: directory, message: "cannot sync the directory: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes `data` to a new file `path` (refusing to overwrite), fsyncs it and its directory.
    public static func createDurably(_ data: Data, at path: String) throws(JournalError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(path: path, message: "cannot create: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        do { try writeAll(descriptor, data) } catch { throw .io(path: path, message: "cannot write: \(error.message)") }
        guard fsync(descriptor) == 0 else { throw .io(path: path, message: "cannot sync: \(String(cString: strerror(errno)))") }
        try syncDirectory(of: path)
    }

    /// Replaces `path` with `data` atomically (a temporary file renamed over it), durably.
    public static func replaceDurably(_ data: Data, at path: String) throws(JournalError) {
        let temporary = "\(path).tmp-\(getpid())"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(path: temporary, message: String(cString: strerror(errno))) }
        do { try writeAll(descriptor, data) } catch {
            close(descriptor)
            throw .io(path: temporary, message: "cannot write: \(error.message)")
        }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard synced, rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw .io(path: path, message: "cannot replace: \(message)")
        }
        try syncDirectory(of: path)
    }
}
