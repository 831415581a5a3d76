import Foundation
import NodeContract

/// Builds `GET /v1/node` from `GET_PROCESS_LIST` and the binaries directories, and `GET /v1/system` from the ZDU
/// phase command, the AE REST health check and the configured query commands. What it cannot see it does not invent:
/// it fails (503), or answers 501 naming the missing node.yaml setting.
struct StateReader: Sendable {
    let services: AgentServices

    /// The node as it is now: base processes, and target processes once a target version is staged.
    func node(_ node: NodeConfig) async throws(NodeAgentError) -> NodeState {
        let live = try await services.live(node)
        let staged = try services.binaries(of: node).stagedVersion()
        if staged == nil, let running = live.target.first(where: \.running) {
            throw .binaries(node: node.name, reason: "target service \"\(running.service)\" runs but no target "
                + "version has a directory under \(node.binaries.root); stage it (binaries/stage) or fix base.version")
        }
        let pwp = try await pwpLocation(node)
        let shown = live.base + (staged == nil ? [] : live.target)
        let processes = shown.map { process in
            let id = process.id(node: node.name, targetVersion: staged)
            return ProcessState(
                kind: process.kind, id: id, state: process.running ? .running : .stopped,
                version: process.isTarget ? staged ?? "" : node.baseVersion,
                pwp: process.kind == .wp && pwp?.process == id,
                netArea: process.kind.servesAgents ? node.netArea : nil)
        }
        return NodeState(
            name: node.name, datacenter: node.datacenter, netArea: node.netArea, installedVersion: node.baseVersion,
            stagedVersion: staged, processes: processes, wizardSteps: node.wizardSteps.map(\.rawValue))
    }

    /// The system as seen from this node. Without `agentCounts`, `netAreas` is empty: no agent data, never zero
    /// agents (a client treats every NetArea missing from the list as unknown).
    func system(_ node: NodeConfig) async throws(NodeAgentError) -> SystemState {
        let zdu = try await zduState(node)
        guard let config = node.health else {
            throw .notConfigured(
                node: node.name, field: "nodes[].health",
                reason: "without the AE REST health check this node cannot see the system's health; configure "
                    + "health.url, health.client and health.credentialsFile (docs/node.md)")
        }
        let client = HealthClient(config: config, credentials: services.healthCredentials[node.name])
        // Unreachable or unreadable is DOWN: the documented signal of a healthy system is a 200 UP (AE-REST-1).
        let health: Health = if case .success(let report) = await client.check() { report.health } else { .down }
        var areas: [NetAreaAgents] = []
        if let text = try await services.query(.agentCounts, node: node) {
            guard let decoded = try? JSONDecoder().decode([NetAreaAgents].self, from: Data(text.utf8)) else {
                throw .queryFailed(
                    key: "commands.agentCounts", reason: "stdout is not the contract's netAreas JSON array "
                        + "([{\"name\", \"via\": \"CP\"|\"JCP\", \"agents\", \"connected\", \"home\", "
                        + "\"disconnected\"}])")
            }
            areas = decoded
        }
        return SystemState(
            system: services.config.system, pwp: try await pwpLocation(node), zdu: zdu, health: health,
            netAreas: areas)
    }

    /// `pwpLocation` prints `<node> <process id>`; nil when not configured.
    func pwpLocation(_ node: NodeConfig) async throws(NodeAgentError) -> PWPLocation? {
        guard let text = try await services.query(.pwpLocation, node: node) else { return nil }
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count == 2 else {
            throw .queryFailed(
                key: "commands.pwpLocation", reason: "expected \"<node> <process id>\", got \"\(text)\"")
        }
        return PWPLocation(node: String(fields[0]), process: String(fields[1]))
    }

    /// `zdu.phaseCommand` prints `off`, or `<compatibility|switched|finalized> <target version> [rolledBack]`;
    /// not configured: `notConfigured` (the phase is never guessed).
    func zduState(_ node: NodeConfig) async throws(NodeAgentError) -> ZDUState {
        guard let command = services.config.zduPhaseCommand else {
            throw .notConfigured(
                node: node.name, field: "zdu.phaseCommand",
                reason: "without it this node cannot see the ZDU phase (off, compatibility, switched, finalized) "
                    + "and reports none; configure a command that prints it (docs/node.md)")
        }
        let text = try await services.read(command, name: "zdu.phaseCommand", node: node)
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        let expected = "expected \"off\" or \"<compatibility|switched|finalized> <target version> [rolledBack]\""
        guard let first = words.first, let phase = ZDUPhase(rawValue: first) else {
            throw .queryFailed(key: "zdu.phaseCommand", reason: "\(expected), got \"\(text)\"")
        }
        if phase == .off {
            guard words.count == 1 else {
                throw .queryFailed(key: "zdu.phaseCommand", reason: "\(expected), got \"\(text)\"")
            }
            return ZDUState(phase: .off, base: node.baseVersion)
        }
        guard (2...3).contains(words.count), words.count == 2 || words[2] == "rolledBack" else {
            throw .queryFailed(key: "zdu.phaseCommand", reason: "\(expected), got \"\(text)\"")
        }
        return ZDUState(
            phase: phase, base: node.baseVersion, target: words[1], rolledBack: words.count == 3 ? true : nil)
    }
}
