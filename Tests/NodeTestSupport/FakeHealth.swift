import Hummingbird
import Logging
import NIOCore
import NodeServerKit

/// A fake AE REST health endpoint on 127.0.0.1: `GET /ae/api/v1/100/system/health` answers 200 UP with every process
/// kind of a v21+ system (docs/ae-model.md AE-REST-1).
public struct FakeHealth: Sendable {
    /// Base URL of the endpoint (`health.url` in node.yaml).
    public let url: String
    /// The running server.
    public let server: BackgroundServer

    /// Starts the endpoint on a free loopback port; returns once it listens.
    public static func start() async throws -> FakeHealth {
        let router = Router()
        router.get("/ae/api/v1/100/system/health") { _, _ -> Response in
            let kinds = ["pwp": 1, "wp": 2, "cp": 1, "jwp": 1, "jcp": 1, "rest": 1]
            let body = "{\"status\":\"UP\"," + kinds.sorted { $0.key < $1.key }
                .map { "\"\($0.key)\":{\"status\":\"UP\",\"instancesRunning\":\($0.value)}" }
                .joined(separator: ",") + "}"
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        var logger = Logger(label: "fake-health")
        logger.logLevel = .critical
        let server = try await BackgroundServer.start(logger: logger) { [logger] onServerRunning in
            Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: onServerRunning, logger: logger)
        }
        return FakeHealth(url: "http://127.0.0.1:\(server.port)", server: server)
    }

    /// Stops the endpoint and waits until it no longer listens.
    public func stop() async {
        await server.stop()
    }
}
