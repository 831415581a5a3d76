import NodeContract
import Yams

extension ConfigLoader {
    /// One entry of `nodes:`: name, place, base and target services, health, binaries, commands.
    static func node(_ node: Yams.Node, _ path: String, _ reader: inout ConfigReader) -> NodeConfig? {
        let fields = reader.fields(
            node, path, required: ["name", "datacenter", "netArea", "port", "base", "binaries"],
            optional: ["serviceManagerHost", "target", "health", "commands", "wizard"])
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
            let sub = reader.fields(node, "\(path).binaries", required: ["root"], optional: ["archives"])
            guard let root = reader.string(sub["root"], "\(path).binaries.root") else { return nil }
            return BinariesConfig(root: root, archives: reader.string(sub["archives"], "\(path).binaries.archives"))
        }
        var baseVersion: String?
        let base = fields["base"].flatMap { node -> ServiceSet? in
            let sub = reader.fields(
                node, "\(path).base", required: ["version", "WP"], optional: ["CP", "JWP", "JCP", "REST"])
            baseVersion = reader.string(sub["version"], "\(path).base.version")
            return services(sub, "\(path).base", &reader)
        }
        let target = fields["target"].flatMap { node -> ServiceSet? in
            let sub = reader.fields(
                node, "\(path).target", required: [], optional: ProcessKind.allCases.map(\.rawValue))
            return services(sub, "\(path).target", &reader)
        }
        if let base, let target, !target.services.isEmpty, base.counts != target.counts {
            reader.report(fields["target"], "\(path).target",
                          "must list as many services of each kind as base (\(describe(base.counts))), got "
                              + "\(describe(target.counts)): a split installation brings every base process back "
                              + "as a target process (docs/ae-model.md AE-ZDU-9)")
        }
        if let base, let target {
            let names = base.all + target.all
            for name in Set(names) where names.filter({ $0 == name }).count > 1 {
                reader.report(node, path, "service \"\(name)\" is listed twice; each process has its own service")
            }
        }
        let commands = reader.commands(fields["commands"], "\(path).commands")
        let wizard = reader.wizard(fields["wizard"], "\(path).wizard")
        guard let name = reader.string(fields["name"], "\(path).name"),
              let datacenter = reader.string(fields["datacenter"], "\(path).datacenter"),
              let netArea = reader.string(fields["netArea"], "\(path).netArea"),
              let port = reader.int(fields["port"], "\(path).port", in: 0...65_535),
              let base, let baseVersion, let binaries else { return nil }
        return NodeConfig(
            name: name, datacenter: datacenter, netArea: netArea, port: port,
            serviceManagerHost: reader.string(fields["serviceManagerHost"], "\(path).serviceManagerHost"),
            baseVersion: baseVersion, base: base, target: target ?? ServiceSet([:]), health: health,
            binaries: binaries, commands: commands, wizard: wizard)
    }

    /// The service lists of a `base:` or `target:` mapping, keyed by process kind.
    private static func services(
        _ fields: [String: Yams.Node], _ path: String, _ reader: inout ConfigReader
    ) -> ServiceSet? {
        var services: [ProcessKind: [String]] = [:]
        var complete = true
        for kind in ProcessKind.allCases {
            guard let node = fields[kind.rawValue] else { continue }
            let allowEmpty = !(kind == .wp && path.hasSuffix(".base"))
            guard let names = reader.strings(node, "\(path).\(kind.rawValue)", allowEmpty: allowEmpty) else {
                complete = false
                continue
            }
            services[kind] = names
        }
        return complete ? ServiceSet(services) : nil
    }

    private static func describe(_ counts: [ProcessKind: Int]) -> String {
        let text = ProcessKind.allCases.compactMap { kind in counts[kind].map { "\($0) \(kind.rawValue)" } }
        return text.isEmpty ? "none" : text.joined(separator: ", ")
    }
}
