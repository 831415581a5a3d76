import ArgumentParser
import Foundation
import Logging
import NodeAgent
import NodeServerKit

/// `aeupgrade-node --config node.yaml`: serves the node contract for the nodes of the configuration.
@main
struct AEUpgradeNode: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aeupgrade-node",
        abstract: "Serve the aeupgrade node contract on an AE server (ServiceManager CLI + AE REST health check).",
        discussion: "Configuration and operations: docs/node.md. Stops on SIGTERM or SIGINT. "
            + "Exit codes: 0 stopped, 1 bad configuration or cannot listen, 64 usage.")

    @Option(name: .long, help: "The node.yaml configuration file.")
    var config: String

    @Option(name: .long, help: "Write {\"nodes\": {NAME: URL}} here once every node listens (for scripts and tests).")
    var endpointsOut: String?

    @Flag(name: .long, help: "Check the configuration and exit.")
    var check = false

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "aeupgrade-node")
        let loaded: AgentConfig
        do {
            loaded = try ConfigLoader.load(path: config)
        } catch {
            FileHandle.standardError.write(Data("aeupgrade-node: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        let missing = ConfigFiles.problems(loaded, file: config)
        guard missing.isEmpty else {
            FileHandle.standardError.write(Data(missing.map { "aeupgrade-node: \($0)\n" }.joined().utf8))
            throw ExitCode(1)
        }
        if check {
            print("\(config): valid, \(loaded.nodes.count) node(s): "
                + loaded.nodes.map(\.name).joined(separator: ", "))
            return
        }
        let server: NodeAgentServer
        do {
            server = try await NodeAgentServer.start(config: loaded, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("aeupgrade-node: \(error)\n".utf8))
            throw ExitCode(1)
        }
        if let endpointsOut {
            let json = try JSONSerialization.data(
                withJSONObject: ["nodes": server.endpoints], options: [.sortedKeys, .withoutEscapingSlashes])
            try json.write(to: URL(fileURLWithPath: endpointsOut), options: .atomic)
        }
        await SignalWaiter.waitForTermination()
        logger.info("stopping")
        await server.stop()
    }
}
