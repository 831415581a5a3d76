import ArgumentParser
import Foundation
import StatePostgres
import UpgradeOrchestrator

/// Where run state lives: `--state postgres://user@host:port/db` (or AEUPGRADE_STATE) for the PostgreSQL backend,
/// else the file backend on `--state-dir`. A password comes from --state-password-file or the PG variables.
struct StateOptionsGroup: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Keep the journal, lock and approvals in PostgreSQL (postgres://user@host:port/db; else AEUPGRADE_STATE; "
            + "default: the --state-dir files).", valueName: "url"))
    var state: String?

    @Option(name: .long, help: "File holding the PostgreSQL password (else PGPASSWORD, PGPASSFILE or ~/.pgpass).")
    var statePasswordFile: String?

    @Option(name: .long, help: "Seconds without heartbeat after which a PostgreSQL lease may be taken over.")
    var leaseTimeout: Double = 60

    @Flag(name: .long, help: "Claim the farm from another state's unfinished run (only when that state is lost).")
    var takeOverFarm = false

    func validate() throws {
        if leaseTimeout <= 0 { throw ValidationError("--lease-timeout must be positive") }
    }

    /// The PostgreSQL URL given by --state or AEUPGRADE_STATE, nil for the file backend.
    var url: String? {
        let text = state ?? ProcessInfo.processInfo.environment["AEUPGRADE_STATE"]
        return text.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The backend: PostgreSQL when a URL is given, else the files under `stateDir`.
    func backend(stateDir: String) throws -> any StateBackend {
        guard let url else { return FileStateBackend(directory: stateDir) }
        guard PostgresStateURL.isPostgres(url) else {
            throw CommandFailure("--state \(url): not a postgres:// URL (for a directory, use --state-dir)")
        }
        do {
            return PostgresStateBackend(
                url: try PostgresStateURL(url, passwordFile: statePasswordFile),
                leaseTimeout: .milliseconds(Int(leaseTimeout * 1000)))
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The words that select this state again, for guidance (`--state URL` or `--state-dir DIR`).
    func selection(stateDir: String) -> String {
        if let url { return "--state \(OperatorRun.quote(url))" }
        return "--state-dir \(OperatorRun.quote(stateDir))"
    }
}
