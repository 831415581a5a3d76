import Foundation
import NodeContract

/// Everything the node endpoints share: configuration, the ServiceManager and health clients, the command runner,
/// the operation book and the node memory.
struct AgentServices: Sendable {
    let config: AgentConfig
    let serviceManager: ServiceManagerClient
    let runner: CommandRunner
    let book: OperationBook
    let memory: NodeMemory
    /// `user:password` per node for the AE REST health check.
    let healthCredentials: [String: String]

    /// The ServiceManager `host:port` of a node.
    func host(of node: NodeConfig) -> String { node.serviceManagerHost ?? config.serviceManager.host }

    /// The live services of a node's WPs and CPs (in config order), or the reason they cannot be read.
    func services(of node: NodeConfig) async throws(NodeAgentError) -> (wps: [ServiceEntry], cps: [ServiceEntry]) {
        let list = try await serviceManager.processList(host: host(of: node), node: node.name)
        func find(_ name: String) throws(NodeAgentError) -> ServiceEntry {
            guard let entry = list.first(where: { $0.name == name }) else {
                throw .unknownService(node: node.name, service: name)
            }
            return entry
        }
        var wps: [ServiceEntry] = [], cps: [ServiceEntry] = []
        for name in node.wpServices { wps.append(try find(name)) }
        for name in node.cpServices { cps.append(try find(name)) }
        return (wps, cps)
    }

    /// Runs a configured query command (`agentCounts`, `pwpLocation`, `zduStatus`) and returns its stdout.
    func query(_ key: OperationKey, node: NodeConfig) async throws(NodeAgentError) -> String? {
        guard let command = config.command(key, node: node) else { return nil }
        let result = await runner.run(
            expand(command.argv, node: node, request: OperationRequest()), timeout: .seconds(config.commandTimeoutSeconds),
            extraEnvironment: environment(node: node, request: OperationRequest()))
        guard result.succeeded else { throw .queryFailed(key: key.rawValue, reason: result.failureReason) }
        return result.stdout
    }

    /// A command's arguments with `{node}`, `{version}`, `{to}`, `{drain}` replaced.
    func expand(_ argv: [String], node: NodeConfig, request: OperationRequest) -> [String] {
        argv.map {
            $0.replacingOccurrences(of: "{node}", with: node.name)
                .replacingOccurrences(of: "{version}", with: request.version ?? "")
                .replacingOccurrences(of: "{to}", with: request.to ?? "")
                .replacingOccurrences(of: "{drain}", with: (request.drain ?? true) ? "true" : "false")
        }
    }

    /// Environment every configured command gets: the node, its services and the request's parameters.
    func environment(node: NodeConfig, request: OperationRequest) -> [String: String] {
        [
            "AEUPGRADE_NODE": node.name, "AEUPGRADE_SYSTEM": config.system,
            "AEUPGRADE_SM_HOST": host(of: node), "AEUPGRADE_UCYBSMCL": config.serviceManager.ucybsmcl,
            "AEUPGRADE_WP_SERVICES": node.wpServices.joined(separator: "\n"),
            "AEUPGRADE_CP_SERVICES": node.cpServices.joined(separator: "\n"),
            "AEUPGRADE_VERSION": request.version ?? "", "AEUPGRADE_TO": request.to ?? "",
            "AEUPGRADE_DRAIN": (request.drain ?? true) ? "true" : "false",
        ]
    }
}
