import Foundation

/// One apply/resume/rollback per system at a time: an flock on `<state-dir>/<system>.lock`.
///
/// flock is the truth (the kernel releases it when the holder dies, so a lock left by a dead process is taken over
/// safely); the file's content only names the holder (pid, host, start time) for the error message.
public final class RunLock {
    /// The lock file.
    public let path: String
    private let descriptor: Int32

    /// Takes the lock or throws `.locked` naming the holder.
    public init(path: String) throws(JournalError) {
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, message: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            close(fd)
            throw .locked(path: path, holder: holder.flatMap { $0.isEmpty ? nil : $0 } ?? "holder unknown")
        }
        descriptor = fd
        let host = ProcessInfo.processInfo.hostName
        let text = "pid \(getpid()) on \(host), started \(Journal.timestamp())\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        _ = fsync(fd)
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
