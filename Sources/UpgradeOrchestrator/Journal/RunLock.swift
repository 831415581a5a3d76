import Foundation

/// One apply/resume/rollback/approve/repair per system at a time: an flock on the journal file itself.
///
/// The lock is held on an open file descriptor of the journal, not on a separate lock file: deleting a file in the
/// state directory cannot hand the lock to a second run. flock is the truth (the kernel releases it when the holder
/// dies, so a lock left by a dead process is taken over); the journal's last `runStarted` record names the holder.
public final class RunLock {
    /// The journal file the lock is held on.
    public let path: String
    private let descriptor: Int32

    /// Takes the lock on the journal at `journal` (creating the file when missing) or throws `.locked` naming the
    /// holder. The descriptor locked is checked to be the file the path names (not one renamed or removed meanwhile).
    public init(journal: String) throws(JournalError) {
        path = journal
        for _ in 0..<3 {
            let fd = open(journal, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw .io(path: journal, message: String(cString: strerror(errno))) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                close(fd)
                throw .locked(path: journal, holder: Self.holder(journal: journal) ?? "holder unknown")
            }
            var locked = stat()
            var named = stat()
            if fstat(fd, &locked) == 0, stat(journal, &named) == 0, locked.st_ino == named.st_ino,
                locked.st_dev == named.st_dev
            {
                descriptor = fd
                return
            }
            close(fd)  // the path was renamed or removed between open and flock: lock the file it names now
        }
        throw .io(path: journal, message: "the file keeps being replaced while taking the lock; is another tool moving it?")
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Who holds or held the lock: pid, host, mode and start of the journal's last run record.
    public static func holder(journal: String) -> String? {
        guard let records = try? Journal.read(path: journal).records else { return nil }
        return lastRun(records)
    }

    /// The last run of `records`, described (`pid 42 on host, apply started 2026-…`), nil when none.
    public static func lastRun(_ records: [JournalRecord]) -> String? {
        guard let run = records.last(where: { $0.event == .runStarted }) else { return nil }
        let pid = run.pid.map { "pid \($0)" } ?? "pid unknown"
        return "\(pid) on \(run.host ?? "unknown host"), \(run.reason ?? "run") started \(run.time)"
    }
}
