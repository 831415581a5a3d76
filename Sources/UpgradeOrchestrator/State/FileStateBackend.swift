import Foundation
import NodeContract

/// The journal as a JSON Lines file in a state directory, the lock an flock on it (`Journal`, `RunLock`), and the
/// fencing lineage and epoch in `<system>.fence.json` beside it.
public struct FileStateBackend: StateBackend {
    /// The state directory (`--state-dir`).
    public var directory: String

    /// A backend on `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    public func location(system: String) -> String {
        Self.journalPath(directory: directory, system: system)
    }

    public func read(system: String) async throws(JournalError) -> JournalRead {
        try Journal.read(path: location(system: system))
    }

    public func lock(system: String, purpose: String) async throws(JournalError) -> any StateLock {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory, message: "cannot create the state directory: \(error)")
        }
        let path = location(system: system)
        let existed = FileManager.default.fileExists(atPath: path)
        let lock = try RunLock(journal: path)
        // The lock creates the journal file: its directory entry is made durable before anything is journaled.
        if !existed { try StateFiles.syncDirectory(of: path) }
        let fence = try FenceFile.next(
            path: FenceFile.path(directory: directory, system: system), system: system, holder: StateHolder.current(purpose: purpose))
        return FileStateLock(path: path, lock: lock, fence: fence)
    }

    /// The journal file of `system` under `directory`.
    public static func journalPath(directory: String, system: String) -> String {
        "\(directory)/\(system).journal.jsonl"
    }
}

/// The flock on a journal file, with the fencing token taken under it.
final class FileStateLock: StateLock, @unchecked Sendable {
    let location: String
    let fence: FencingToken
    let tookOverFrom: String? = nil
    private var lock: RunLock?

    init(path: String, lock: RunLock, fence: FencingToken) {
        location = path
        self.lock = lock
        self.fence = fence
    }

    func read() async throws(JournalError) -> JournalRead {
        try Journal.read(path: location)
    }

    func archive(_ read: JournalRead, planHash: String) async throws(JournalError) -> String {
        // Copied, then emptied in place (when the journal is opened): the lock is held on this file, so it must not
        // be renamed away. The copy and its directory entry are fsync'ed before the journal is emptied.
        let archive = "\(location).\(planHash.prefix(12)).done"
        guard let data = FileManager.default.contents(atPath: location) else {
            throw .io(path: location, message: "cannot read the finished journal of another plan to archive it")
        }
        do { try StateFiles.createDurably(data, at: archive) } catch {
            throw .io(path: location, message: "cannot archive the finished journal of another plan to \(archive): "
                + error.description)
        }
        return archive
    }

    func journal(after read: JournalRead) async throws(JournalError) -> Journal {
        try Journal(path: location, read: read)
    }

    func release() async {
        lock = nil
    }
}

/// Who takes a lock: pid, host, user and purpose, in words.
public enum StateHolder {
    /// This process, about to `purpose`.
    public static func current(purpose: String) -> String {
        let user = ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"]
        return "pid \(getpid()) on \(ProcessInfo.processInfo.hostName)" + (user.map { " (\($0))" } ?? "")
            + ", \(purpose) started \(Journal.timestamp())"
    }
}

/// `<system>.fence.json`: the state directory's fencing lineage (made once, random) and its last epoch.
public enum FenceFile {
    /// The file's fields.
    public struct Content: Codable, Sendable {
        /// The state's lineage.
        public var lineage: String
        /// The last epoch taken.
        public var epoch: Int

        /// Creates content.
        public init(lineage: String, epoch: Int) {
            self.lineage = lineage
            self.epoch = epoch
        }
    }

    /// The fencing file of `system` in `directory`.
    public static func path(directory: String, system: String) -> String {
        "\(directory)/\(system).fence.json"
    }

    /// Writes `content` durably (`state pull`: the directory continues the database's lineage).
    public static func write(_ content: Content, path: String) throws(JournalError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try StateFiles.replaceDurably((try? encoder.encode(content)) ?? Data(), at: path)
    }

    /// Takes the next epoch (the caller holds the run lock): reads, increments and durably replaces the file.
    public static func next(path: String, system: String, holder: String) throws(JournalError) -> FencingToken {
        var content = Content(lineage: UUID().uuidString.lowercased(), epoch: 0)
        if let data = FileManager.default.contents(atPath: path) {
            guard let stored = try? JSONDecoder().decode(Content.self, from: data) else {
                throw .io(path: path, message: "not a fencing file ({\"lineage\": …, \"epoch\": N}); it holds this "
                    + "state's fencing token: restore it from a backup, or delete it only if no run of this state "
                    + "claimed the farm (the nodes would then refuse this state as another one)")
            }
            content = stored
        }
        content.epoch += 1
        try write(content, path: path)
        return FencingToken(system: system, lineage: content.lineage, epoch: content.epoch, holder: holder)
    }

    /// The stored lineage and epoch, nil when there is none.
    public static func read(path: String) -> Content? {
        FileManager.default.contents(atPath: path).flatMap { try? JSONDecoder().decode(Content.self, from: $0) }
    }
}
