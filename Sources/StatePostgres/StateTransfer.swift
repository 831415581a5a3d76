import Foundation
import UpgradeOrchestrator

/// `aeupgrade state push` and `state pull`: moves a system's journal between a state directory and PostgreSQL,
/// byte for byte (the hash chain still verifies), with its fencing lineage, so the nodes accept the run continued
/// from the new place and refuse one started from the old.
public enum StateTransfer {
    /// What a transfer moved.
    public struct Outcome: Sendable {
        /// Records moved.
        public var records: Int
        /// Where the old copy was set aside.
        public var setAside: String
    }

    /// Moves the journal of `system` from `directory` into `database` (whose journal of it must be empty). The
    /// directory's journal and fencing file are renamed `.pushed` (kept, never used again by a run).
    public static func push(
        system: String, from directory: String, to database: PostgresStateBackend
    ) async throws(JournalError) -> Outcome {
        let path = FileStateBackend.journalPath(directory: directory, system: system)
        guard FileManager.default.fileExists(atPath: path) else {
            throw .io(path: path, message: "no journal to push (check --from and the plan's system)")
        }
        let fileLock = try RunLock(journal: path)
        defer { withExtendedLifetime(fileLock) {} }
        let read = try Journal.read(path: path)
        let lines = try rawLines(path: path, read: read)
        let fencePath = FenceFile.path(directory: directory, system: system)
        let fence = FenceFile.read(path: fencePath) ?? FenceFile.Content(lineage: UUID().uuidString.lowercased(), epoch: 0)
        guard let lock = try await database.lock(system: system, purpose: "state push") as? PostgresStateLock else {
            throw .io(path: database.location(system: system), message: "not a PostgreSQL lock")
        }
        do throws(JournalError) {
            let existing = try await lock.read()
            guard existing.records.isEmpty else {
                throw JournalError.io(path: lock.location, message: "already holds a journal of \(system) "
                    + "(\(existing.records.count) records): pull it, or finish it, before pushing another")
            }
            try await lock.adopt(lines, lineage: fence.lineage, epoch: fence.epoch)
        } catch {
            await lock.release()
            throw error
        }
        await lock.release()
        let suffix = ".pushed-\(Journal.timestamp().filter { $0 != ":" })"
        try rename(path, to: path + suffix)
        if FileManager.default.fileExists(atPath: fencePath) { try rename(fencePath, to: fencePath + suffix) }
        return Outcome(records: lines.count, setAside: path + suffix)
    }

    /// Moves the journal of `system` from `database` into `directory` (whose journal of it must be empty or
    /// missing). The database's journal is archived and its lease takes a new lineage.
    public static func pull(
        system: String, from database: PostgresStateBackend, to directory: String
    ) async throws(JournalError) -> Outcome {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory, message: "cannot create the state directory: \(error)")
        }
        let path = FileStateBackend.journalPath(directory: directory, system: system)
        let fileLock = try RunLock(journal: path)
        defer { withExtendedLifetime(fileLock) {} }
        let local = try Journal.read(path: path)
        guard local.records.isEmpty else {
            throw .io(path: path, message: "already holds a journal (\(local.records.count) records): push it, or "
                + "use another --to directory")
        }
        guard let lock = try await database.lock(system: system, purpose: "state pull") as? PostgresStateLock else {
            throw .io(path: database.location(system: system), message: "not a PostgreSQL lock")
        }
        let read: JournalRead
        let fence: (lineage: String, epoch: Int)
        do throws(JournalError) {
            read = try await lock.read()
            let journal = try Journal(path: path, read: .empty(replacing: local.fileLength))
            try journal.append(contentsOf: read.records)
            try FenceFile.write(
                FenceFile.Content(lineage: lock.fence.lineage, epoch: lock.fence.epoch),
                path: FenceFile.path(directory: directory, system: system))
            fence = try await lock.disown()
        } catch {
            await lock.release()
            throw error
        }
        _ = fence
        await lock.release()
        return Outcome(records: read.records.count, setAside: "\(database.url) (journal archived)")
    }

    /// The journal's whole lines as written (the bytes its chain hashes).
    static func rawLines(path: String, read: JournalRead) throws(JournalError) -> [JournalLine] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .io(path: path, message: "cannot read") }
        let bytes = data.prefix(read.validLength)
        return bytes.split(separator: 0x0A, omittingEmptySubsequences: true).enumerated().map {
            JournalLine(seq: $0.offset + 1, bytes: Data($0.element))
        }
    }

    private static func rename(_ from: String, to: String) throws(JournalError) {
        guard Foundation.rename(from, to) == 0 else {
            throw .io(path: from, message: "cannot rename to \(to): \(String(cString: strerror(errno)))")
        }
        try StateFiles.syncDirectory(of: to)
    }
}
