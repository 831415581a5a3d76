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

/// What of node.yaml a test changes from `FakeNode.config`'s defaults.
public struct FakeNodeOptions: Sendable {
    /// YAML commands under the node's `commands:`.
    public var commands: [String: [String]] = [:]
    /// `commandTimeout`.
    public var timeout = 20
    /// TLS certificate and key files.
    public var tls: (cert: String, key: String)?
    /// `tls.clientCAFile`.
    public var clientCA: String?
    /// Whether `zdu.phaseCommand` is configured.
    public var zdu = true
    /// Whether `agentCounts` is configured.
    public var agents = true
    /// Whether `pwpLocation` is configured.
    public var pwp = true
    /// Extra lines under `serviceManager:` (each starting with a newline and two spaces).
    public var serviceManagerExtra = ""

    /// Creates options; the defaults are `FakeNode.config`'s.
    public init(
        commands: [String: [String]] = [:], timeout: Int = 20, tls: (cert: String, key: String)? = nil,
        clientCA: String? = nil, zdu: Bool = true, agents: Bool = true, pwp: Bool = true,
        serviceManagerExtra: String = ""
    ) {
        self.commands = commands
        self.timeout = timeout
        self.tls = tls
        self.clientCA = clientCA
        self.zdu = zdu
        self.agents = agents
        self.pwp = pwp
        self.serviceManagerExtra = serviceManagerExtra
    }
}

extension FakeNode {
    /// node.yaml of these options with the health endpoint at `healthURL`.
    public func config(healthURL: String, _ options: FakeNodeOptions) -> String {
        config(
            healthURL: healthURL, commands: options.commands, timeout: options.timeout, tls: options.tls,
            clientCA: options.clientCA, zdu: options.zdu, agents: options.agents, pwp: options.pwp,
            serviceManagerExtra: options.serviceManagerExtra)
    }

    /// Starts `aeupgrade-node` in-process on a free loopback port over this fake.
    public func startAgent(
        _ options: FakeNodeOptions = FakeNodeOptions(), logger: Logger = Logger(label: "test")
    ) async throws -> FakeNodeAgent {
        let health = try await FakeHealth.start()
        do {
            let yaml = config(healthURL: health.url, options)
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
        _ options: FakeNodeOptions = FakeNodeOptions(), logger: Logger = Logger(label: "test"),
        _ body: (FakeNodeAgent) async throws -> Void
    ) async throws {
        let agent = try await startAgent(options, logger: logger)
        do { try await body(agent) } catch {
            await agent.stop()
            throw error
        }
        await agent.stop()
    }
}
