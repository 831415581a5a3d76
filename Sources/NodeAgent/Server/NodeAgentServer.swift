import Foundation
import Hummingbird
import Logging
import NodeServerKit

/// `aeupgrade-node` running: one listener per configured node on the listen address (HTTP, or HTTPS with `tls`).
public actor NodeAgentServer {
    /// Base URL per node name, once listening.
    public nonisolated let endpoints: [String: String]
    private var servers: [BackgroundServer]

    private init(endpoints: [String: String], servers: [BackgroundServer]) {
        self.endpoints = endpoints
        self.servers = servers
    }

    /// Reads the secrets, opens the state directory and starts every node's listener; returns once all listen.
    public static func start(config: AgentConfig, logger: Logger) async throws -> NodeAgentServer {
        let serverBuilder = try TLSSettings.server(config.tls)
        let scheme = config.tls == nil ? "http" : "https"
        let token = try config.tokenFile.map { path throws(ConfigError) in try Secrets.file(path, field: "tokenFile") }
        let phrase = try Secrets.read(config.serviceManager.phrase, field: "serviceManager.phrase")
        var credentials: [String: String] = [:]
        for node in config.nodes {
            if let file = node.health?.credentialsFile {
                credentials[node.name] = try Secrets.file(file, field: "nodes.\(node.name).health.credentialsFile")
            }
        }
        let password = try config.serviceManager.password.map { source throws(ConfigError) in
            try Secrets.read(source, field: "serviceManager.password")
        }
        let runner = CommandRunner(secrets: [phrase, password ?? "", token ?? ""] + credentials.values.flatMap {
            [$0, String($0.split(separator: ":", maxSplits: 1).last ?? "")]
        })
        let services = AgentServices(
            config: config,
            serviceManager: ServiceManagerClient(
                config: config.serviceManager, phrase: phrase, password: password, runner: runner),
            runner: runner, book: try OperationBook(directory: config.stateDirectory),
            fence: try NodeAgentServer.fenceGate(directory: config.stateDirectory), healthCredentials: credentials)
        var quiet = Logger(label: "aeupgrade-node.http")
        quiet.logLevel = .critical
        var endpoints: [String: String] = [:]
        var servers: [BackgroundServer] = []
        for node in config.nodes {
            let responder = LimitedResponder(NodeAgentResponder(
                node: node, services: services, guardian: RequestGuard(token: token), logger: logger))
            let server: BackgroundServer
            do {
                server = try await BackgroundServer.start(logger: quiet) { onServerRunning in
                    Application(
                        responder: responder, server: serverBuilder,
                        configuration: .init(
                            address: .hostname(config.listenAddress, port: node.port), serverName: nil),
                        onServerRunning: onServerRunning, logger: quiet)
                }
            } catch {
                for server in servers { await server.stop() }
                throw ConfigError.invalid(problems: ["\(node.name): cannot listen on port \(node.port): \(error)"])
            }
            servers.append(server)
            endpoints[node.name] = "\(scheme)://\(config.listenAddress):\(server.port)"
            logger.info("\(node.name) listening on \(scheme)://\(config.listenAddress):\(server.port)")
        }
        return NodeAgentServer(endpoints: endpoints, servers: servers)
    }

    /// Stops every listener.
    public func stop() async {
        for server in servers { await server.stop() }
        servers = []
    }
}

extension NodeAgentServer {
    /// The fencing state kept beside the idempotency journal (`<stateDirectory>/fence.json`).
    static func fenceGate(directory: String) throws -> FenceGate {
        do { return try FenceGate(file: directory + "/fence.json") } catch {
            throw NodeAgentError.stateDirectory(path: directory + "/fence.json", reason: "\(error)")
        }
    }
}
