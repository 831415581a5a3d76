import PostgresNIO
import UpgradeOrchestrator

/// The state tables, created or migrated by `aeupgrade state init` and on first use; the version is checked on every
/// start and a database of a newer aeupgrade is refused.
///
/// - `aeupgrade_meta`: `schema_version`.
/// - `aeupgrade_runs`: one row per journal of a system (its plan, when archived); at most one current per system.
/// - `aeupgrade_journal`: the journal's chained lines (`JournalChain`), append-only (a trigger refuses UPDATE and
///   DELETE), each with the epoch of the lease holder that wrote it.
/// - `aeupgrade_lease`: the run lock of each system: lineage, epoch, holder host, pid, user, started, heartbeat.
public enum PostgresSchema {
    /// The version this aeupgrade writes and reads.
    public static let version = 1

    /// Statements creating version 1 from nothing.
    static let version1 = [
        """
        CREATE TABLE IF NOT EXISTS aeupgrade_runs (
            id bigserial PRIMARY KEY,
            system text NOT NULL,
            plan_hash text,
            created timestamptz NOT NULL DEFAULT now(),
            archived timestamptz)
        """,
        "CREATE UNIQUE INDEX IF NOT EXISTS aeupgrade_runs_current ON aeupgrade_runs (system) WHERE archived IS NULL",
        """
        CREATE TABLE IF NOT EXISTS aeupgrade_journal (
            run_id bigint NOT NULL REFERENCES aeupgrade_runs (id),
            seq integer NOT NULL,
            line text NOT NULL,
            epoch bigint NOT NULL,
            written timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (run_id, seq))
        """,
        """
        CREATE TABLE IF NOT EXISTS aeupgrade_lease (
            system text PRIMARY KEY,
            lineage text NOT NULL,
            epoch bigint NOT NULL,
            holder_host text,
            holder_pid integer,
            holder_user text,
            purpose text,
            started timestamptz,
            heartbeat timestamptz,
            released boolean NOT NULL DEFAULT true)
        """,
        """
        CREATE OR REPLACE FUNCTION aeupgrade_journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'aeupgrade_journal is append-only: records are never changed or removed';
        END $$
        """,
        "DROP TRIGGER IF EXISTS aeupgrade_journal_append_only ON aeupgrade_journal",
        """
        CREATE TRIGGER aeupgrade_journal_append_only BEFORE UPDATE OR DELETE ON aeupgrade_journal
            FOR EACH ROW EXECUTE FUNCTION aeupgrade_journal_append_only()
        """,
    ]

    /// Creates or migrates the schema (serialized between processes by an advisory lock) and checks its version;
    /// returns the version found before (0: none).
    @discardableResult
    static func prepare(_ link: PostgresLink) async throws(JournalError) -> Int {
        let where_ = link.url.description
        return try await link.transaction { connection in
            let logger = Logger(label: "aeupgrade.state")
            _ = try await connection.query("SELECT pg_advisory_xact_lock(7212020512)", logger: logger).get()
            _ = try await connection.query(
                "CREATE TABLE IF NOT EXISTS aeupgrade_meta (key text PRIMARY KEY, value text NOT NULL)",
                logger: logger
            ).get()
            let rows = try await connection.query(
                "SELECT value FROM aeupgrade_meta WHERE key = 'schema_version'", logger: logger
            ).get().rows
            let found = try rows.first.map { Int(try $0.decode(String.self)) ?? -1 } ?? 0
            if found > version || found < 0 {
                throw JournalError.io(path: where_, message: "the database holds aeupgrade state schema version "
                    + "\(found), newer than this aeupgrade knows (\(version)): use the aeupgrade version that wrote "
                    + "it, or a newer one; nothing was changed")
            }
            if found < 1 {
                for statement in version1 {
                    _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).get()
                }
            }
            if found < version {
                _ = try await connection.query(
                    """
                    INSERT INTO aeupgrade_meta (key, value) VALUES ('schema_version', \(String(version)))
                    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
                    """, logger: logger
                ).get()
            }
            return found
        }
    }
}
