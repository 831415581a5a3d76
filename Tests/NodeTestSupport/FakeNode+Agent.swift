import Logging
import NodeAgent

/// `aeupgrade-node` in-process for a `FakeNode`, with its fake AE REST health endpoint.
public struct FakeNodeAgent: Sendable {
    /// Base URL of node AE_1A.
    public let url: String
    /// The running server.
    public let server: NodeAgentServer
    /// The fake health endpoint it asks.
    public let health: FakeHealth

    /// Stops the server and the health endpoint.
    public func stop() async {
        await server.stop()
        await health.stop()
    }
}

extension FakeNode {
    /// Starts `aeupgrade-node` in-process on a free loopback port over this fake (`commands`, `tls`, `clientCA` as
    /// in `config`).
    public func startAgent(
        commands: [String: [String]] = [:], timeout: Int = 20, tls: (cert: String, key: String)? = nil,
        clientCA: String? = nil, logger: Logger = Logger(label: "test")
    ) async throws -> FakeNodeAgent {
        let health = try await FakeHealth.start()
        do {
            let yaml = config(
                healthURL: health.url, commands: commands, timeout: timeout, tls: tls, clientCA: clientCA)
            let server = try await NodeAgentServer.start(config: try ConfigLoader.parse(yaml: yaml, file: "t"),
                                                         logger: logger)
            return FakeNodeAgent(url: server.endpoints["AE_1A"]!, server: server, health: health)
        } catch {
            await health.stop()
            throw error
        }
    }

    /// Runs `body` with `aeupgrade-node` started as `startAgent` does, then stops it, also when `body` throws.
    public func withAgent(
        commands: [String: [String]] = [:], timeout: Int = 20, tls: (cert: String, key: String)? = nil,
        clientCA: String? = nil, logger: Logger = Logger(label: "test"), _ body: (FakeNodeAgent) async throws -> Void
    ) async throws {
        let agent = try await startAgent(
            commands: commands, timeout: timeout, tls: tls, clientCA: clientCA, logger: logger)
        do { try await body(agent) } catch {
            await agent.stop()
            throw error
        }
        await agent.stop()
    }
}
