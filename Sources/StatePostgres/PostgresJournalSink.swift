import Foundation
import PostgresNIO
import UpgradeOrchestrator

/// Commits journal lines to `aeupgrade_journal`: one statement (one transaction) per group commit, which inserts
/// only while the writer's epoch is the lease's current one (the lease row is locked by the same statement, so a
/// takeover waits for it or it sees the takeover). A commit retried after a lost connection is recognised by its
/// lines already being there.
final class PostgresJournalSink: JournalSink {
    private let link: PostgresLink
    private let system: String
    private let epoch: Int
    private let runId: Int
    private let location: String

    init(link: PostgresLink, system: String, epoch: Int, runId: Int, location: String) {
        self.link = link
        self.system = system
        self.epoch = epoch
        self.runId = runId
        self.location = location
    }

    func commit(_ lines: [JournalLine]) throws(JournalError) {
        guard !lines.isEmpty else { return }
        let seqs = lines.map(\.seq)
        let texts = lines.map { String(decoding: $0.bytes, as: UTF8.self) }
        let inserted = try link.runBlocking("""
            WITH lease AS (
                UPDATE aeupgrade_lease SET heartbeat = now()
                WHERE system = \(system) AND epoch = \(epoch) AND NOT released RETURNING epoch)
            INSERT INTO aeupgrade_journal (run_id, seq, line, epoch)
            SELECT \(runId), t.seq, t.line, lease.epoch FROM unnest(\(seqs)::bigint[], \(texts)::text[]) AS t(seq, line), lease
            ON CONFLICT (run_id, seq) DO NOTHING
            RETURNING seq
            """).rows.count
        if inserted == lines.count { return }
        // Fewer rows: the lease was taken over, or an earlier attempt of this commit got through before the
        // connection broke (then every line is there, identical, with this epoch).
        let present = try link.runBlocking("""
            SELECT seq, line, epoch FROM aeupgrade_journal WHERE run_id = \(runId) AND seq = ANY(\(seqs)::bigint[])
            """).rows.compactMap { try? $0.decode((Int, String, Int).self) }
        let mine = Dictionary(present.filter { $0.2 == epoch }.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        if zip(seqs, texts).allSatisfy({ mine[$0] == $1 }) { return }
        throw .fenced(path: location, detail: PostgresLease.describe(link, system: system)
            ?? "the lease is no longer this run's (epoch \(epoch))")
    }

    func flush(_ lines: [JournalLine]) {
        try? commit(lines)
    }
}
