import Foundation
import Hummingbird
import Logging
import NodeServerKit

/// `aeupgrade-node` running: one listener per configured node on the listen address (HTTP, or HTTPS with `tls`).
public actor NodeAgentServer {
    /// Base URL per node name, once listening.
    public nonisolated let endpoints: [String: String]
    private var tasks: [Task<Void, any Error>]

    private init(endpoints: [String: String], tasks: [Task<Void, any Error>]) {
        self.endpoints = endpoints
        self.tasks = tasks
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
        let runner = CommandRunner(secrets: [phrase, token ?? ""] + credentials.values.flatMap {
            [$0, String($0.split(separator: ":", maxSplits: 1).last ?? "")]
        })
        let services = AgentServices(
            config: config,
            serviceManager: ServiceManagerClient(config: config.serviceManager, phrase: phrase, runner: runner),
            runner: runner, book: try OperationBook(directory: config.stateDirectory),
            memory: NodeMemory(directory: config.stateDirectory), healthCredentials: credentials)
        var quiet = Logger(label: "aeupgrade-node.http")
        quiet.logLevel = .critical
        var endpoints: [String: String] = [:]
        var tasks: [Task<Void, any Error>] = []
        for node in config.nodes {
            let responder = NodeAgentResponder(
                node: node, services: services, guardian: RequestGuard(token: token), logger: logger)
            let (stream, continuation) = AsyncStream<Int>.makeStream()
            let app = Application(
                responder: responder, server: serverBuilder,
                configuration: .init(address: .hostname(config.listenAddress, port: node.port), serverName: nil),
                onServerRunning: { channel in
                    continuation.yield(channel.localAddress?.port ?? 0)
                    continuation.finish()
                },
                logger: quiet)
            let task = Task {
                defer { continuation.finish() }
                try await app.run()
            }
            var bound: Int?
            for await port in stream { bound = port }
            guard let bound else {
                for task in tasks { task.cancel() }
                try await task.value
                throw ConfigError.invalid(problems: ["\(node.name): cannot listen on port \(node.port)"])
            }
            tasks.append(task)
            endpoints[node.name] = "\(scheme)://\(config.listenAddress):\(bound)"
            logger.info("\(node.name) listening on \(scheme)://\(config.listenAddress):\(bound)")
        }
        return NodeAgentServer(endpoints: endpoints, tasks: tasks)
    }

    /// Stops every listener.
    public func stop() async {
        for task in tasks { task.cancel() }
        for task in tasks { _ = try? await task.value }
        tasks = []
    }
}
