import ArgumentParser
import Foundation
import StatePostgres
import UpgradeOrchestrator

/// `aeupgrade state`: the PostgreSQL state backend: create its schema, move a journal into it or out of it.
struct StateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Set up the PostgreSQL state (init) and move a journal between a --state-dir and it (push, pull).",
        subcommands: [StateInitCommand.self, StatePushCommand.self, StatePullCommand.self])
}

/// The database of a state subcommand: a postgres:// URL and where its password comes from.
struct StateDatabase: ParsableArguments {
    @Option(name: .long, help: "File holding the PostgreSQL password (else PGPASSWORD, PGPASSFILE or ~/.pgpass).")
    var statePasswordFile: String?

    func backend(_ url: String?) throws -> PostgresStateBackend {
        guard let url = url ?? ProcessInfo.processInfo.environment["AEUPGRADE_STATE"], PostgresStateURL.isPostgres(url)
        else { throw CommandFailure("give the database as postgres://user@host:port/db (or AEUPGRADE_STATE)") }
        do { return PostgresStateBackend(url: try PostgresStateURL(url, passwordFile: statePasswordFile)) } catch {
            throw CommandFailure(error.description)
        }
    }
}

/// `aeupgrade state init URL`: creates or migrates the schema (runs also do this on first use).
struct StateInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create or migrate the state tables in PostgreSQL.")

    @Argument(help: "postgres://user@host:port/db (else AEUPGRADE_STATE).")
    var url: String?

    @OptionGroup var database: StateDatabase

    func run() async throws {
        try await CommandFailure.reportingAsync {
            let backend = try database.backend(url)
            let before: Int
            do throws(JournalError) { before = try await backend.initialize() } catch { throw CommandFailure(error.description) }
            print(before == PostgresSchema.version
                ? "\(backend.url): state schema version \(before), up to date"
                : "\(backend.url): state schema version \(PostgresSchema.version) (was \(before == 0 ? "none" : String(before)))")
        }
    }
}

/// `aeupgrade state push INPUT --from DIR --to URL`: moves a file journal into PostgreSQL.
struct StatePushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Move a system's journal (and its fencing lineage) from a --state-dir into PostgreSQL.")

    @Argument(help: "The topology file or saved plan (it names the system).")
    var input: String

    @Option(name: .long, help: "The state directory holding the journal.")
    var from: String = ".aeupgrade"

    @Option(name: .long, help: "postgres://user@host:port/db (else AEUPGRADE_STATE).")
    var to: String?

    @OptionGroup var database: StateDatabase

    func run() async throws {
        try await CommandFailure.reportingAsync {
            let plan = try RunOptionsGroup.parse([input]).loadPlan()
            let backend = try database.backend(to)
            let outcome: StateTransfer.Outcome
            do throws(JournalError) { outcome = try await StateTransfer.push(system: plan.system, from: from, to: backend) } catch {
                throw CommandFailure(error.description)
            }
            print("pushed \(outcome.records) records of \(plan.system) to \(backend.url); the directory's copy is "
                + "kept as \(outcome.setAside). Continue with --state \(backend.url)")
        }
    }
}

/// `aeupgrade state pull INPUT --from URL --to DIR`: moves a PostgreSQL journal into a state directory.
struct StatePullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Move a system's journal (and its fencing lineage) from PostgreSQL into a --state-dir.")

    @Argument(help: "The topology file or saved plan (it names the system).")
    var input: String

    @Option(name: .long, help: "postgres://user@host:port/db (else AEUPGRADE_STATE).")
    var from: String?

    @Option(name: .long, help: "The state directory to write the journal to.")
    var to: String = ".aeupgrade"

    @OptionGroup var database: StateDatabase

    func run() async throws {
        try await CommandFailure.reportingAsync {
            let plan = try RunOptionsGroup.parse([input]).loadPlan()
            let backend = try database.backend(from)
            let outcome: StateTransfer.Outcome
            do throws(JournalError) { outcome = try await StateTransfer.pull(system: plan.system, from: backend, to: to) } catch {
                throw CommandFailure(error.description)
            }
            print("pulled \(outcome.records) records of \(plan.system) into \(to); \(outcome.setAside). Continue "
                + "with --state-dir \(OperatorRun.quote(to))")
        }
    }
}

extension CommandFailure {
    /// `reporting` for async bodies.
    static func reportingAsync(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("error: \(failure.description)\n".utf8))
            throw failure.code
        }
    }
}
