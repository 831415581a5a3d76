import Foundation
import Yams

/// Loads `node.yaml` (format in docs/node.md); reports every problem at once as `file:line: field.path: message`.
public enum ConfigLoader {
    /// Reads and checks a configuration file.
    public static func load(path: String) throws(ConfigError) -> AgentConfig {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { throw .unreadable(file: path, reason: "no such file, unreadable or not UTF-8") }
        return try parse(yaml: text, file: path)
    }

    /// Checks a configuration given as text; `file` names it in problems.
    public static func parse(yaml: String, file: String) throws(ConfigError) -> AgentConfig {
        let root: Yams.Node
        do {
            guard let composed = try Yams.compose(yaml: yaml) else { throw ConfigError.invalid(problems: [
                "\(file):0: the file is empty"]) }
            root = composed
        } catch let error as ConfigError {
            throw error
        } catch {
            throw .unreadable(file: file, reason: "not YAML: \(error)")
        }
        var reader = ConfigReader(file: file)
        let top = reader.fields(
            root, "", required: ["system", "stateDirectory", "serviceManager", "nodes"],
            optional: ["listen", "tokenFile", "tls", "commandTimeout", "commands", "zdu"])
        let listen = top["listen"].map {
            reader.fields($0, "listen", required: [], optional: ["address"])
        }
        let address = reader.string(listen?["address"], "listen.address") ?? "127.0.0.1"
        let tls = top["tls"].flatMap { node -> TLSFiles? in
            let fields = reader.fields(node, "tls", required: ["certFile", "keyFile"], optional: ["clientCAFile"])
            guard let cert = reader.string(fields["certFile"], "tls.certFile"),
                  let key = reader.string(fields["keyFile"], "tls.keyFile") else { return nil }
            return TLSFiles(
                certFile: cert, keyFile: key, clientCAFile: reader.string(fields["clientCAFile"], "tls.clientCAFile"))
        }
        let zdu = top["zdu"].map { reader.fields($0, "zdu", required: [], optional: ["phaseCommand"]) }
        let phaseCommand = reader.strings(zdu?["phaseCommand"], "zdu.phaseCommand").map(CommandSpec.init)
        let manager = top["serviceManager"].flatMap { serviceManager($0, &reader) }
        var nodes: [NodeConfig] = []
        for (index, node) in reader.sequence(top["nodes"], "nodes").enumerated() {
            if let parsed = self.node(node, "nodes[\(index)]", &reader) { nodes.append(parsed) }
        }
        if top["nodes"] != nil && nodes.isEmpty && reader.problems.isEmpty {
            reader.report(top["nodes"], "nodes", "must list at least one node")
        }
        checkUnique(nodes, root: top["nodes"], &reader)
        let config = AgentConfig(
            listenAddress: address, tokenFile: reader.string(top["tokenFile"], "tokenFile"), tls: tls,
            stateDirectory: reader.string(top["stateDirectory"], "stateDirectory") ?? "",
            system: reader.string(top["system"], "system") ?? "",
            serviceManager: manager ?? ServiceManagerConfig(ucybsmcl: "", host: "", phrase: .environment("")),
            zduPhaseCommand: phaseCommand,
            commandTimeoutSeconds: reader.int(top["commandTimeout"], "commandTimeout", in: 1...86_400) ?? 600,
            commands: reader.commands(top["commands"], "commands"), nodes: nodes)
        guard reader.problems.isEmpty else { throw .invalid(problems: reader.sortedProblems) }
        return config
    }

    private static func serviceManager(_ node: Yams.Node, _ reader: inout ConfigReader) -> ServiceManagerConfig? {
        let path = "serviceManager"
        let fields = reader.fields(
            node, path, required: ["ucybsmcl", "host"],
            optional: ["phraseFile", "phraseEnv", "passwordFile", "passwordEnv", "timeout", "stopMode",
                       "noDrainStopMode"])
        let phrase = reader.secret(fields, node, path, name: "phrase", required: true)
        let password = reader.secret(fields, node, path, name: "password", required: false)
        let host = reader.string(fields["host"], "\(path).host")
        if let host, !host.contains(":") {
            reader.report(fields["host"], "\(path).host", "expected host:port, e.g. 127.0.0.1:8871")
        }
        let stopMode = reader.stopMode(fields["stopMode"], "\(path).stopMode")
        let noDrain = reader.stopMode(fields["noDrainStopMode"], "\(path).noDrainStopMode")
        guard let tool = reader.string(fields["ucybsmcl"], "\(path).ucybsmcl"), let host, let phrase else {
            return nil
        }
        return ServiceManagerConfig(
            ucybsmcl: tool, host: host, phrase: phrase, password: password,
            timeoutSeconds: reader.int(fields["timeout"], "\(path).timeout", in: 1...3600) ?? 60,
            stopMode: stopMode ?? .normal, noDrainStopMode: noDrain)
    }

    private static func checkUnique(_ nodes: [NodeConfig], root: Yams.Node?, _ reader: inout ConfigReader) {
        var seenNames = Set<String>(), seenPorts = Set<Int>()
        for (index, node) in nodes.enumerated() {
            if !seenNames.insert(node.name).inserted {
                reader.report(root, "nodes[\(index)].name", "node \(node.name) is listed twice")
            }
            if node.port != 0 && !seenPorts.insert(node.port).inserted {
                reader.report(root, "nodes[\(index)].port", "port \(node.port) is used by another node")
            }
        }
    }
}
