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
            optional: ["listen", "tokenFile", "tls", "commandTimeout", "commands"])
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
            commandTimeoutSeconds: reader.int(top["commandTimeout"], "commandTimeout", in: 1...86_400) ?? 600,
            commands: reader.commands(top["commands"], "commands"), nodes: nodes)
        guard reader.problems.isEmpty else { throw .invalid(problems: reader.sortedProblems) }
        return config
    }

    private static func serviceManager(_ node: Yams.Node, _ reader: inout ConfigReader) -> ServiceManagerConfig? {
        let path = "serviceManager"
        let fields = reader.fields(
            node, path, required: ["ucybsmcl", "host"],
            optional: ["phraseFile", "phraseEnv", "timeout", "drainStopMode", "immediateStopMode"])
        let phrase: SecretSource?
        switch (reader.string(fields["phraseFile"], "\(path).phraseFile"),
                reader.string(fields["phraseEnv"], "\(path).phraseEnv")) {
        case let (file?, nil): phrase = .file(file)
        case let (nil, variable?): phrase = .environment(variable)
        default:
            reader.report(node, path, "set exactly one of phraseFile (a file holding the phrase) or phraseEnv "
                + "(the name of an environment variable holding it)")
            phrase = nil
        }
        let host = reader.string(fields["host"], "\(path).host")
        if let host, !host.contains(":") {
            reader.report(fields["host"], "\(path).host", "expected host:port, e.g. 127.0.0.1:8871")
        }
        guard let tool = reader.string(fields["ucybsmcl"], "\(path).ucybsmcl"), let host, let phrase else {
            return nil
        }
        return ServiceManagerConfig(
            ucybsmcl: tool, host: host, phrase: phrase,
            timeoutSeconds: reader.int(fields["timeout"], "\(path).timeout", in: 1...3600) ?? 60,
            drainStopMode: reader.string(fields["drainStopMode"], "\(path).drainStopMode"),
            immediateStopMode: reader.string(fields["immediateStopMode"], "\(path).immediateStopMode"))
    }

    private static func node(_ node: Yams.Node, _ path: String, _ reader: inout ConfigReader) -> NodeConfig? {
        let fields = reader.fields(
            node, path, required: ["name", "datacenter", "netArea", "port", "wpServices", "cpServices", "binaries"],
            optional: ["serviceManagerHost", "health", "commands"])
        let health = fields["health"].flatMap { node -> HealthConfig? in
            let sub = reader.fields(node, "\(path).health", required: ["url", "client"],
                                    optional: ["credentialsFile", "timeout"])
            guard let url = reader.string(sub["url"], "\(path).health.url"),
                  let client = reader.string(sub["client"], "\(path).health.client") else { return nil }
            return HealthConfig(
                url: url, client: client,
                credentialsFile: reader.string(sub["credentialsFile"], "\(path).health.credentialsFile"),
                timeoutSeconds: reader.int(sub["timeout"], "\(path).health.timeout", in: 1...600) ?? 10)
        }
        let binaries = fields["binaries"].flatMap { node -> BinariesConfig? in
            let sub = reader.fields(node, "\(path).binaries", required: [],
                                    optional: ["root", "installedVersionFile", "stagedVersionFile"])
            let root = reader.string(sub["root"], "\(path).binaries.root")
            let installed = reader.string(sub["installedVersionFile"], "\(path).binaries.installedVersionFile")
            let staged = reader.string(sub["stagedVersionFile"], "\(path).binaries.stagedVersionFile")
            switch (root, installed) {
            case let (root?, nil) where staged == nil: return .root(root)
            case let (nil, installed?): return .versionFiles(installed: installed, staged: staged)
            default:
                reader.report(node, "\(path).binaries",
                              "set either root (with a current symlink) or installedVersionFile [+ stagedVersionFile]")
                return nil
            }
        }
        let commands = reader.commands(fields["commands"], "\(path).commands")
        guard let name = reader.string(fields["name"], "\(path).name"),
              let datacenter = reader.string(fields["datacenter"], "\(path).datacenter"),
              let netArea = reader.string(fields["netArea"], "\(path).netArea"),
              let port = reader.int(fields["port"], "\(path).port", in: 0...65_535),
              let wps = reader.strings(fields["wpServices"], "\(path).wpServices"),
              let cps = reader.strings(fields["cpServices"], "\(path).cpServices", allowEmpty: true),
              let binaries else { return nil }
        return NodeConfig(
            name: name, datacenter: datacenter, netArea: netArea, port: port,
            serviceManagerHost: reader.string(fields["serviceManagerHost"], "\(path).serviceManagerHost"),
            wpServices: wps, cpServices: cps, health: health, binaries: binaries, commands: commands)
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
