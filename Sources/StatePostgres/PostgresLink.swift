import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import UpgradeOrchestrator

/// One connection to the state database, opened on first use and opened again after it broke (a restarted server):
/// a statement that fails on a broken connection is retried on a new one for up to `retryFor`.
final class PostgresLink: @unchecked Sendable {
    let url: PostgresStateURL
    /// How long a statement is retried across reconnects before the failure is reported.
    let retryFor: Duration
    private let lock = NSLock()
    private var connection: PostgresConnection?
    private var closed = false
    private let logger: Logger
    private static let group = MultiThreadedEventLoopGroup.singleton

    init(url: PostgresStateURL, retryFor: Duration = .seconds(15)) {
        self.url = url
        self.retryFor = retryFor
        var logger = Logger(label: "aeupgrade.state")
        logger.logLevel = .critical
        self.logger = logger
    }

    deinit {
        // Every owner closes its link (`close()`); a connection left open here is closed without waiting.
        let _: EventLoopFuture<Void>? = connection?.close()
    }

    /// A statement on a link that was closed (a journal written after its lock was released).
    struct Closed: Error, CustomStringConvertible {
        var description: String { "the state database connection was closed (the lock was released)" }
    }

    /// Runs `query` and collects its rows (blocking: for the journal's synchronous group commit).
    func runBlocking(_ query: PostgresQuery) throws(JournalError) -> PostgresQueryResult {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: retryFor)
        var delay = Duration.milliseconds(100)
        while true {
            do {
                let connection = try connectBlocking()
                return try connection.query(query, logger: logger).wait()
            } catch {
                if let failure = Self.permanent(error) { throw .io(path: url.description, message: failure) }
                dropBlocking()
                guard clock.now < deadline else {
                    throw .io(path: url.description, message: "the database is unreachable: \(Self.text(error))")
                }
                Thread.sleep(forTimeInterval: Double(delay.components.attoseconds) / 1e18
                    + Double(delay.components.seconds))
                delay = min(delay * 2, .seconds(2))
            }
        }
    }

    /// Runs `query` and collects its rows.
    func run(_ query: PostgresQuery) async throws(JournalError) -> PostgresQueryResult {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: retryFor)
        var delay = Duration.milliseconds(100)
        while true {
            do {
                let connection = try await connect()
                return try await connection.query(query, logger: logger).get()
            } catch {
                if let failure = Self.permanent(error) { throw .io(path: url.description, message: failure) }
                await drop()
                guard clock.now < deadline else {
                    throw .io(path: url.description, message: "the database is unreachable: \(Self.text(error))")
                }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
    }

    /// Runs `body` in one transaction on one connection (no retry: the caller decides).
    func transaction<T: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws(JournalError) -> T {
        let connection: PostgresConnection
        do { connection = try await connect() } catch {
            await drop()
            throw .io(path: url.description, message: "cannot connect: \(Self.text(error))")
        }
        do {
            _ = try await connection.query("BEGIN", logger: logger).get()
            let value = try await body(connection)
            _ = try await connection.query("COMMIT", logger: logger).get()
            return value
        } catch let error as JournalError {
            _ = try? await connection.query("ROLLBACK", logger: logger).get()
            throw error
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger).get()
            if Self.permanent(error) == nil { await drop() }
            throw .io(path: url.description, message: Self.text(error))
        }
    }

    /// Closes the connection; statements after this fail at once.
    func close() async {
        let connection = lock.withLock { () -> PostgresConnection? in
            closed = true
            defer { self.connection = nil }
            return self.connection
        }
        let _: Void? = try? await connection?.close().get()
    }

    /// Forgets a broken connection (closed, and waited for), so the next statement opens a new one.
    private func drop() async {
        let broken = lock.withLock { () -> PostgresConnection? in
            defer { connection = nil }
            return connection
        }
        let _: Void? = try? await broken?.close().get()
    }

    private func dropBlocking() {
        let broken = lock.withLock { () -> PostgresConnection? in
            defer { connection = nil }
            return connection
        }
        let _: Void? = try? broken?.close().wait()
    }

    private func connect() async throws -> PostgresConnection {
        if lock.withLock({ closed }) { throw Closed() }
        if let existing = lock.withLock({ connection }), !existing.isClosed { return existing }
        let made = try await PostgresConnection.connect(
            on: Self.group.any(), configuration: try configuration(), id: 1, logger: logger)
        lock.withLock { connection = made }
        return made
    }

    private func connectBlocking() throws -> PostgresConnection {
        if lock.withLock({ closed }) { throw Closed() }
        if let existing = lock.withLock({ connection }), !existing.isClosed { return existing }
        let made = try PostgresConnection.connect(
            on: Self.group.any(), configuration: try configuration(), id: 1, logger: logger).wait()
        lock.withLock { connection = made }
        return made
    }

    private func configuration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch url.sslMode {
        case "require": tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case "prefer": tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: tls = .disable
        }
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    /// The message of a failure a retry cannot cure (SQL errors, authentication), nil for a broken connection.
    static func permanent(_ error: any Error) -> String? {
        if error is Closed { return "\(error)" }
        guard let psql = error as? PSQLError else { return nil }
        switch psql.code {
        case .server:
            let state = psql.serverInfo?[.sqlState] ?? ""
            // 57P01-57P03: the server is shutting down or starting: retry on a new connection.
            if state.hasPrefix("57P") || state.hasPrefix("08") { return nil }
            return text(error)
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .connectionError:
            return nil
        default:
            return text(error)
        }
    }

    /// A failure in words: the server's message and SQLSTATE when it sent one.
    static func text(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] {
                return "\(message) (SQLSTATE \(psql.serverInfo?[.sqlState] ?? "?"))"
            }
            if let underlying = psql.underlying { return "\(psql.code): \(underlying)" }
            return "\(psql.code)"
        }
        return "\(error)"
    }
}
