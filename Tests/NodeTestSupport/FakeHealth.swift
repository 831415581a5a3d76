import Hummingbird
import Logging
import NIOCore

/// A fake AE REST health endpoint on 127.0.0.1: `GET /ae/api/v1/100/system/health` answers 200 UP.
public struct FakeHealth: Sendable {
    /// Base URL of the endpoint (`health.url` in node.yaml).
    public let url: String
    /// The running server; cancelled by `stop()`.
    public let task: Task<Void, any Error>

    /// Starts the endpoint on a free loopback port; returns once it listens.
    public static func start() async throws -> FakeHealth {
        let router = Router()
        router.get("/ae/api/v1/100/system/health") { _, _ -> Response in
            let body = #"{"status":"UP","pwp":{"status":"UP","instancesRunning":1},"#
                + #""cp":{"status":"UP","instancesRunning":1}}"#
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "fake-health")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0); continuation.finish() }, logger: logger)
        let task = Task { try await app.run() }
        var port = 0
        for await value in stream { port = value }
        return FakeHealth(url: "http://127.0.0.1:\(port)", task: task)
    }

    /// Stops the endpoint and waits until it no longer listens.
    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}
