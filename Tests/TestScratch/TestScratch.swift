import Foundation

/// Scratch directories for tests: all under one directory per test process (`aeupgrade-tests-<pid>` in the system's
/// temporary directory), removed when the process exits. A test process killed before that leaves its directory; the
/// next one removes every such directory whose process is gone.
public enum TestScratch {
    /// The process's root, created (and the exit handler registered) on first use.
    private static let root: String = {
        let temporary = NSTemporaryDirectory()
        removeOrphans(in: temporary)
        let path = temporary + "\(prefix)\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { TestScratch.removeRoot() }
        return path
    }()

    private static let prefix = "aeupgrade-tests-"

    /// A new empty directory whose name starts with `label`; gone when the test process exits.
    public static func directory(_ label: String) -> String {
        let path = "\(root)/\(label)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private static func removeRoot() {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Removes the roots of test processes that no longer run (killed, or crashed before their exit handler).
    private static func removeOrphans(in temporary: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: temporary + name)
            }
        }
    }
}
