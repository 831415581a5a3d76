import Foundation
import NodeContract

/// Builds `GET /v1/node` from `GET_PROCESS_LIST` and the binaries, and `GET /v1/system` from the AE REST health
/// check, the configured query commands and what this agent recorded.
struct StateReader: Sendable {
    let services: AgentServices

    /// The node as it is now.
    func node(_ node: NodeConfig) async throws(NodeAgentError) -> NodeState {
        let live = try await services.services(of: node)
        let binaries = NodeBinaries(config: node.binaries, node: node.name)
        let installed = try binaries.installedVersion()
        let pwp = try? await pwpLocation(node)
        let mode = await services.memory.cpMode(node.name)
        var processes: [ProcessState] = []
        for (index, entry) in live.wps.enumerated() {
            let id = "\(node.name)/WP\(index + 1)"
            processes.append(ProcessState(
                kind: .wp, id: id, state: entry.running ? .running : .stopped, version: installed,
                pwp: pwp?.process == id))
        }
        for (index, entry) in live.cps.enumerated() {
            processes.append(ProcessState(
                kind: .cp, id: "\(node.name)/CP\(index + 1)", state: entry.running ? .running : .stopped,
                version: installed, cpMode: mode, netArea: node.netArea))
        }
        return NodeState(
            name: node.name, datacenter: node.datacenter, netArea: node.netArea, installedVersion: installed,
            stagedVersion: try binaries.stagedVersion(), processes: processes)
    }

    /// The system as seen from this node.
    func system(_ node: NodeConfig) async throws(NodeAgentError) -> SystemState {
        _ = try await services.services(of: node)
        var health = Health.down
        if let config = node.health {
            let client = HealthClient(config: config, credentials: services.healthCredentials[node.name])
            if case .success(let report) = await client.check() { health = report.health }
        }
        let pwp = try await pwpLocation(node)
        let zdu = try await zduState(node)
        var areas: [NetAreaAgents] = []
        if let text = try await services.query(.agentCounts, node: node) {
            guard let decoded = try? JSONDecoder().decode([NetAreaAgents].self, from: Data(text.utf8)) else {
                throw .queryFailed(key: "agentCounts", reason: "stdout is not the contract's netAreas JSON array")
            }
            areas = decoded
        }
        return SystemState(system: services.config.system, pwp: pwp, zdu: zdu, health: health, netAreas: areas)
    }

    /// `pwpLocation` prints `<node> <process id>`; nil when not configured.
    func pwpLocation(_ node: NodeConfig) async throws(NodeAgentError) -> PWPLocation? {
        guard let text = try await services.query(.pwpLocation, node: node) else { return nil }
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count == 2 else {
            throw .queryFailed(key: "pwpLocation", reason: "expected \"<node> <process id>\", got \"\(text)\"")
        }
        return PWPLocation(node: String(fields[0]), process: String(fields[1]))
    }

    /// `zduStatus` prints `<off|compatibility|finalized> <base> [<target>]`; else what this agent recorded,
    /// else phase off with the installed version as base.
    func zduState(_ node: NodeConfig) async throws(NodeAgentError) -> ZDUState {
        if let text = try await services.query(.zduStatus, node: node) {
            let fields = text.split(whereSeparator: \.isWhitespace).map(String.init)
            guard (2...3).contains(fields.count), let phase = ZDUPhase(rawValue: fields[0]) else {
                throw .queryFailed(key: "zduStatus", reason: "expected \"<phase> <base> [<target>]\", got \"\(text)\"")
            }
            return ZDUState(phase: phase, base: fields[1], target: fields.count == 3 ? fields[2] : nil)
        }
        if let recorded = await services.memory.zdu() { return recorded }
        return ZDUState(phase: .off, base: try NodeBinaries(config: node.binaries, node: node.name).installedVersion())
    }
}
