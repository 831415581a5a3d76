import Foundation
import NodeContract
import PostgresNIO
import UpgradeOrchestrator

/// The run state in PostgreSQL (`--state postgres://…`): any machine can status, approve and resume a run. The run
/// lock is a lease row (holder host, pid, user, started, heartbeat) taken over after `leaseTimeout` without a
/// heartbeat; each holder takes a higher epoch, and every journal write checks it in the same statement.
public struct PostgresStateBackend: StateBackend {
    /// The database.
    public var url: PostgresStateURL
    /// A holder whose heartbeat is older than this may be taken over (`--lease-timeout`).
    public var leaseTimeout: Duration
    /// How long a statement is retried across a lost connection (a restarted server) before the run stops.
    public var retryFor: Duration

    /// A backend on `url`.
    public init(url: PostgresStateURL, leaseTimeout: Duration = .seconds(60), retryFor: Duration = .seconds(15)) {
        self.url = url
        self.leaseTimeout = leaseTimeout
        self.retryFor = retryFor
    }

    public func location(system: String) -> String {
        "\(url) (system \(system))"
    }

    /// Creates or migrates the schema (`aeupgrade state init`); returns the version found before (0: none).
    public func initialize() async throws(JournalError) -> Int {
        let link = PostgresLink(url: url, retryFor: retryFor)
        let found: Int
        do throws(JournalError) { found = try await PostgresSchema.prepare(link) } catch {
            await link.close()
            throw error
        }
        await link.close()
        return found
    }

    public func read(system: String) async throws(JournalError) -> JournalRead {
        let link = PostgresLink(url: url, retryFor: retryFor)
        do throws(JournalError) {
            try await PostgresSchema.prepare(link)
            let read = try await Self.read(link, runId: try await Self.currentRun(link, system: system),
                location: location(system: system))
            await link.close()
            return read
        } catch {
            await link.close()
            throw error
        }
    }

    public func lock(system: String, purpose: String) async throws(JournalError) -> any StateLock {
        let link = PostgresLink(url: url, retryFor: retryFor)
        let lease: PostgresLease
        let runId: Int
        do throws(JournalError) {
            try await PostgresSchema.prepare(link)
            lease = try await PostgresLease.take(
                link, system: system, purpose: purpose, timeout: leaseTimeout, location: location(system: system))
            runId = try await Self.currentRun(link, system: system)
        } catch {
            await link.close()
            throw error
        }
        return PostgresStateLock(
            link: link, system: system, location: location(system: system), lease: lease, runId: runId,
            heartbeat: leaseTimeout / 4)
    }

    /// The id of the system's current journal, made when missing.
    static func currentRun(_ link: PostgresLink, system: String) async throws(JournalError) -> Int {
        _ = try await link.run("""
            INSERT INTO aeupgrade_runs (system) SELECT \(system)
            WHERE NOT EXISTS (SELECT 1 FROM aeupgrade_runs WHERE system = \(system) AND archived IS NULL)
            ON CONFLICT DO NOTHING
            """)
        let rows = try await link.run(
            "SELECT id FROM aeupgrade_runs WHERE system = \(system) AND archived IS NULL").rows
        guard let row = rows.first, let id = try? row.decode(Int.self) else {
            throw .io(path: link.url.description, message: "no current journal row for \(system)")
        }
        return id
    }

    /// Reads and verifies the journal `runId` (one row: the lines joined in order).
    static func read(_ link: PostgresLink, runId: Int, location: String) async throws(JournalError) -> JournalRead {
        let rows = try await link.run("""
            SELECT string_agg(line, E'\\n' ORDER BY seq) FROM aeupgrade_journal WHERE run_id = \(runId)
            """).rows
        guard let text = try? rows.first?.decode(String?.self) else { return .empty() }
        var bytes = Array(text.utf8)
        bytes.append(0x0A)
        var read = try JournalRead.parse(bytes, path: location)
        read.fileLength = 0  // nothing to cut: rows are whole
        read.validLength = 0
        return read
    }
}
