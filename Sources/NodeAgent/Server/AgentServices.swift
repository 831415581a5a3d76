import Foundation
import NodeContract
import NodeServerKit

/// Everything the node endpoints share: configuration, the ServiceManager and health clients, the command runner and
/// the operation book.
struct AgentServices: Sendable {
    let config: AgentConfig
    let serviceManager: ServiceManagerClient
    let runner: CommandRunner
    let book: OperationBook
    /// The system's fencing state, persisted in `<stateDirectory>/fence.json` (spec/node-api.yaml, Fencing-Token).
    let fence: FenceGate
    /// `user:password` per node for the AE REST health check.
    let healthCredentials: [String: String]

    /// The ServiceManager `host:port` of a node.
    func host(of node: NodeConfig) -> String { node.serviceManagerHost ?? config.serviceManager.host }

    /// The node's binaries directories.
    func binaries(of node: NodeConfig) -> NodeBinaries {
        NodeBinaries(config: node.binaries, node: node.name, baseVersion: node.baseVersion)
    }

    /// The node's configured base and target processes as the ServiceManager lists them now; a configured service
    /// missing from the list is an error naming it (never "stopped").
    func live(_ node: NodeConfig) async throws(NodeAgentError) -> LiveNode {
        let list = try await serviceManager.processList(host: host(of: node), node: node.name)
        func processes(_ set: ServiceSet, target: Bool) throws(NodeAgentError) -> [LiveProcess] {
            var result: [LiveProcess] = []
            for kind in ProcessKind.allCases {
                for (index, name) in set[kind].enumerated() {
                    guard let entry = list.first(where: { $0.name == name }) else {
                        throw .unknownService(node: node.name, service: name)
                    }
                    result.append(LiveProcess(
                        kind: kind, number: index + 1, service: name, isTarget: target, running: entry.running))
                }
            }
            return result
        }
        return LiveNode(base: try processes(node.base, target: false), target: try processes(node.target, target: true))
    }

    /// Runs a configured query command (`agentCounts`, `pwpLocation`) and returns its stdout; nil when not configured.
    func query(_ key: OperationKey, node: NodeConfig) async throws(NodeAgentError) -> String? {
        guard let command = config.command(key, node: node) else { return nil }
        return try await read(command, name: "commands.\(key.rawValue)", node: node)
    }

    /// Runs a read-only command and returns its stdout, or the reason it failed.
    func read(_ command: CommandSpec, name: String, node: NodeConfig) async throws(NodeAgentError) -> String {
        let request = OperationRequest()
        let result = await runner.run(
            expand(command.argv, node: node, request: request), timeout: .seconds(config.commandTimeoutSeconds),
            extraEnvironment: environment(node: node, request: request))
        guard result.succeeded else { throw .queryFailed(key: name, reason: result.failureReason) }
        return result.stdout
    }

    /// A command's arguments with `{node}`, `{version}`, `{drain}` replaced.
    func expand(_ argv: [String], node: NodeConfig, request: OperationRequest) -> [String] {
        argv.map {
            $0.replacingOccurrences(of: "{node}", with: node.name)
                .replacingOccurrences(of: "{version}", with: request.version ?? "")
                .replacingOccurrences(of: "{drain}", with: (request.drain ?? true) ? "true" : "false")
        }
    }

    /// Environment every configured command gets: the node, its services and directories, the request's parameters.
    func environment(node: NodeConfig, request: OperationRequest) -> [String: String] {
        [
            "AEUPGRADE_NODE": node.name, "AEUPGRADE_SYSTEM": config.system,
            "AEUPGRADE_SM_HOST": host(of: node), "AEUPGRADE_UCYBSMCL": config.serviceManager.ucybsmcl,
            "AEUPGRADE_BASE_VERSION": node.baseVersion, "AEUPGRADE_BINARIES_ROOT": node.binaries.root,
            "AEUPGRADE_BASE_SERVICES": node.base.all.joined(separator: "\n"),
            "AEUPGRADE_TARGET_SERVICES": node.target.all.joined(separator: "\n"),
            "AEUPGRADE_VERSION": request.version ?? "",
            "AEUPGRADE_DRAIN": (request.drain ?? true) ? "true" : "false",
        ]
    }
}
