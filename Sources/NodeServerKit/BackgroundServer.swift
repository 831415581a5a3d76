import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A Hummingbird application serving in the background on a port it reports once it listens, stopped gracefully.
///
/// Stopping triggers a graceful shutdown (no new connections; requests in flight are answered, idle keep-alive
/// connections closed) instead of cancelling the server task: cancelling while the kernel still holds accepted
/// connections traps in NIO ("Deinited NIOAsyncWriter without calling finish()"). A request still unanswered
/// after `gracePeriod` (a stuck client, a half-open connection) no longer holds the stop: the server is cancelled.
public struct BackgroundServer: Sendable {
    /// The port the server bound (the one asked for, or an ephemeral one for 0).
    public let port: Int
    /// How long a stop waits for requests in flight before it cancels the server.
    public static let gracePeriod = Duration.seconds(5)
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Builds the application with `make` (which must pass the given closure as `onServerRunning`), runs it, and
    /// returns once it listens; throws the server's error when it stops before listening (e.g. port taken).
    public static func start<App: ApplicationProtocol>(
        logger: Logger, _ make: (_ onServerRunning: @escaping @Sendable (any Channel) async -> Void) -> App
    ) async throws -> BackgroundServer {
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let app = make { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        }
        var configuration = ServiceGroupConfiguration(
            services: [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
        configuration.maximumGracefulShutdownDuration = gracePeriod
        let group = ServiceGroup(configuration: configuration)
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var bound: Int?
        for await port in stream { bound = port }
        guard let bound else {
            try await task.value
            throw BackgroundServerError.stoppedBeforeListening
        }
        return BackgroundServer(port: bound, group: group, task: task)
    }

    /// Stops accepting, lets requests in flight finish, and returns once the server has stopped.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}

/// Why a background server did not start.
public enum BackgroundServerError: Error, CustomStringConvertible {
    /// The server returned without ever listening.
    case stoppedBeforeListening

    public var description: String { "the server stopped before it listened" }
}
