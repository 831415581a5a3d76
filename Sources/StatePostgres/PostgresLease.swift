import Foundation
import NodeContract
import PostgresNIO
import UpgradeOrchestrator

/// The lease row of a system: who holds its run lock, with which epoch.
struct PostgresLease: Sendable {
    var lineage: String
    var epoch: Int
    var holder: String
    /// The holder taken over (its heartbeat was older than the timeout, or its process is gone), in words.
    var tookOverFrom: String?

    /// Takes the lease of `system` in one transaction (the row locked): refused while another holder's heartbeat is
    /// younger than `timeout`, unless that holder is a process of this host that no longer exists.
    static func take(
        _ link: PostgresLink, system: String, purpose: String, timeout: Duration, location: String
    ) async throws(JournalError) -> PostgresLease {
        let host = ProcessInfo.processInfo.hostName
        let pid = Int(getpid())
        let user = ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? "?"
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let outcome: Result<PostgresLease, JournalError> = try await link.transaction { connection in
            let logger = Logger(label: "aeupgrade.state")
            _ = try await connection.query("""
                INSERT INTO aeupgrade_lease (system, lineage, epoch, released)
                VALUES (\(system), gen_random_uuid()::text, 0, true) ON CONFLICT (system) DO NOTHING
                """, logger: logger).get()
            let rows = try await connection.query("""
                SELECT lineage, epoch, coalesce(holder_host, ''), coalesce(holder_pid, 0), coalesce(holder_user, ''),
                    coalesce(purpose, ''), coalesce(to_char(started AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), ''),
                    released, coalesce(extract(epoch FROM now() - heartbeat)::float8, 0)
                FROM aeupgrade_lease WHERE system = \(system) FOR UPDATE
                """, logger: logger).get().rows
            guard let row = rows.first else { throw JournalError.io(path: location, message: "no lease row") }
            let (lineage, _, oldHost, oldPid, oldUser, oldPurpose, started, released, age) = try row.decode(
                (String, Int, String, Int, String, String, String, Bool, Double).self)
            let old = "pid \(oldPid) on \(oldHost) (\(oldUser)), \(oldPurpose) started \(started), last heartbeat "
                + String(format: "%.0f", age) + "s ago"
            var tookOver: String?
            if !released {
                let gone = oldHost == host && oldPid != pid && kill(pid_t(oldPid), 0) != 0 && errno == ESRCH
                if age < seconds && !gone {
                    return .failure(.locked(path: location, holder: old + "; its lease may be taken over after "
                        + String(format: "%.0f", seconds) + "s without heartbeat (--lease-timeout)"))
                }
                tookOver = old + (gone ? " (that process is gone)" : "")
            }
            let holder = "pid \(pid) on \(host) (\(user)), \(purpose) started \(Journal.timestamp())"
            let updated = try await connection.query("""
                UPDATE aeupgrade_lease SET epoch = epoch + 1, holder_host = \(host), holder_pid = \(pid),
                    holder_user = \(user), purpose = \(purpose), started = now(), heartbeat = now(), released = false
                WHERE system = \(system) RETURNING epoch
                """, logger: logger).get().rows
            guard let epoch = try updated.first?.decode(Int.self) else {
                throw JournalError.io(path: location, message: "the lease row vanished")
            }
            return .success(PostgresLease(lineage: lineage, epoch: epoch, holder: holder, tookOverFrom: tookOver))
        }
        return try outcome.get()
    }

    /// The current holder in words (for a refused write), nil when unreadable.
    static func describe(_ link: PostgresLink, system: String) -> String? {
        guard let rows = try? link.runBlocking("""
            SELECT epoch, coalesce(holder_host, ''), coalesce(holder_pid, 0), coalesce(purpose, ''), released
            FROM aeupgrade_lease WHERE system = \(system)
            """).rows, let row = rows.first,
            let (epoch, host, pid, purpose, released) = try? row.decode((Int, String, Int, String, Bool).self)
        else { return nil }
        return released ? "the lease was released (epoch \(epoch))"
            : "the lease is held by epoch \(epoch): pid \(pid) on \(host), \(purpose)"
    }
}

/// A held lease: reads, archives and journals `runId`; a heartbeat task keeps the lease alive.
final class PostgresStateLock: StateLock, @unchecked Sendable {
    let location: String
    let fence: FencingToken
    let tookOverFrom: String?
    let link: PostgresLink
    let system: String
    let epoch: Int
    let state = NSLock()
    var runId: Int
    private var heartbeat: Task<Void, Never>?

    func heartbeatTask() -> Task<Void, Never>? { heartbeat }

    init(link: PostgresLink, system: String, location: String, lease: PostgresLease, runId: Int, heartbeat: Duration) {
        self.link = link
        self.system = system
        self.location = location
        self.runId = runId
        epoch = lease.epoch
        tookOverFrom = lease.tookOverFrom
        fence = FencingToken(system: system, lineage: lease.lineage, epoch: lease.epoch, holder: lease.holder)
        let interval = max(heartbeat, .milliseconds(200))
        self.heartbeat = Task { [link, system, epoch = lease.epoch] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { return }
                _ = try? await link.run("""
                    UPDATE aeupgrade_lease SET heartbeat = now()
                    WHERE system = \(system) AND epoch = \(epoch) AND NOT released
                    """)
            }
        }
    }

    deinit { heartbeat?.cancel() }

    func read() async throws(JournalError) -> JournalRead {
        try await PostgresStateBackend.read(link, runId: state.withLock { runId }, location: location)
    }

    func archive(_ read: JournalRead, planHash: String) async throws(JournalError) -> String {
        let (system, epoch, old, location) = (self.system, self.epoch, state.withLock { runId }, self.location)
        let fresh: Int = try await link.transaction { connection in
            let logger = Logger(label: "aeupgrade.state")
            let archived = try await connection.query("""
                UPDATE aeupgrade_runs SET archived = now(), plan_hash = \(planHash)
                WHERE id = \(old) AND EXISTS (SELECT 1 FROM aeupgrade_lease
                    WHERE system = \(system) AND epoch = \(epoch) AND NOT released FOR SHARE)
                RETURNING id
                """, logger: logger).get().rows
            guard !archived.isEmpty else {
                throw JournalError.fenced(path: location, detail: "the lease was taken over before archiving")
            }
            let rows = try await connection.query(
                "INSERT INTO aeupgrade_runs (system) VALUES (\(system)) RETURNING id", logger: logger).get().rows
            return try rows.first?.decode(Int.self) ?? 0
        }
        state.withLock { runId = fresh }
        return "\(link.url) journal \(old) (archived, plan \(planHash.prefix(12)))"
    }

    func journal(after read: JournalRead) async throws(JournalError) -> Journal {
        let sink = PostgresJournalSink(
            link: link, system: system, epoch: epoch, runId: state.withLock { runId }, location: location)
        return Journal(location: location, read: read, sink: sink)
    }

    func release() async {
        heartbeat?.cancel()
        _ = try? await link.run("""
            UPDATE aeupgrade_lease SET released = true, heartbeat = now()
            WHERE system = \(system) AND epoch = \(epoch)
            """)
        await link.close()
    }
}

extension PostgresStateLock {
    /// `state push`: stores `lines` (a whole file journal) as the current journal, which must be empty, and hands
    /// the lease over to the file state's fencing `lineage` past its `epoch`, so the nodes accept this database's
    /// next run as the same state's. One transaction, under this holder's epoch.
    func adopt(_ lines: [JournalLine], lineage: String, epoch fileEpoch: Int) async throws(JournalError) {
        let (system, epoch, runId, location) = (self.system, self.epoch, state.withLock { self.runId }, self.location)
        let seqs = lines.map(\.seq)
        let texts = lines.map { String(decoding: $0.bytes, as: UTF8.self) }
        try await link.transaction { connection in
            let logger = Logger(label: "aeupgrade.state")
            let held = try await connection.query("""
                UPDATE aeupgrade_lease SET lineage = \(lineage), epoch = GREATEST(epoch, \(fileEpoch)), released = true
                WHERE system = \(system) AND epoch = \(epoch) AND NOT released RETURNING epoch
                """, logger: logger).get().rows
            guard !held.isEmpty else {
                throw JournalError.fenced(path: location, detail: "the lease was taken over during the push")
            }
            _ = try await connection.query("""
                INSERT INTO aeupgrade_journal (run_id, seq, line, epoch)
                SELECT \(runId), t.seq, t.line, \(epoch) FROM unnest(\(seqs)::bigint[], \(texts)::text[]) AS t(seq, line)
                """, logger: logger).get()
        }
        heartbeatTask()?.cancel()
    }

    /// `state pull`: archives the current journal and gives the database's lease a new lineage, so a run from the
    /// database can no longer drive the farm as the state now in the directory. Returns the lineage and epoch the
    /// directory continues.
    func disown() async throws(JournalError) -> (lineage: String, epoch: Int) {
        let (system, epoch, runId, location) = (self.system, self.epoch, state.withLock { self.runId }, self.location)
        let lineage = fence.lineage
        try await link.transaction { connection in
            let logger = Logger(label: "aeupgrade.state")
            let held = try await connection.query("""
                UPDATE aeupgrade_lease SET lineage = gen_random_uuid()::text, released = true
                WHERE system = \(system) AND epoch = \(epoch) AND NOT released RETURNING epoch
                """, logger: logger).get().rows
            guard !held.isEmpty else {
                throw JournalError.fenced(path: location, detail: "the lease was taken over during the pull")
            }
            _ = try await connection.query(
                "UPDATE aeupgrade_runs SET archived = now() WHERE id = \(runId)", logger: logger).get()
            _ = try await connection.query(
                "INSERT INTO aeupgrade_runs (system) VALUES (\(system))", logger: logger).get()
        }
        heartbeatTask()?.cancel()
        return (lineage, epoch)
    }
}
