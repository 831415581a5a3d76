/// Cross-checks of a topology draft: duplicate names, references, the PWP, and agents that could reach no CP.
///
/// Each check runs on what could be read; a check that needs a complete list (the PWP count, CP reachability) is
/// skipped when the list had problems of its own, so no problem is reported twice or wrongly.
enum TopologyChecks {
    /// Runs every check, recording problems in `reader`.
    /// `base` is the topology's own field path (empty for a topology file, `topology` inside a plan file).
    static func run(_ draft: TopologyDraft, base: String, reader: inout YAMLReader) {
        let datacenters = draft.datacenters ?? []
        let datacentersPath = YAMLReader.join(base, "datacenters")
        checkVersions(draft, path: YAMLReader.join(base, "versions.target"), reader: &reader)
        checkDuplicates(datacenters.enumerated().map { ("\(datacentersPath)[\($0.offset)]", $0.element) },
                        what: "datacenter", reader: &reader)
        if draft.datacenters?.isEmpty == true {
            reader.report(line: reader.line(datacentersPath), path: datacentersPath, "declare at least one datacenter")
        }
        let netAreaNames = Known(draft.netAreas.items.map(\.value.name))
        let datacenterNames = Known(datacenters)
        checkDuplicates(draft.netAreas.items.map { ("\($0.path).name", $0.value.name) },
                        what: "NetArea", reader: &reader)
        checkDuplicates(draft.nodes.items.map { ("\($0.path).name", $0.value.name) }, what: "node", reader: &reader)
        checkDuplicates(draft.nodes.items.map { ("\($0.path).endpoint", $0.value.endpoint) },
                        what: "endpoint", reader: &reader)
        let checkDCs = draft.datacenters != nil
        let checkNAs = draft.netAreas.complete
        for (path, netArea) in draft.netAreas.items {
            if checkDCs { reference("\(path).datacenter", netArea.datacenter, "datacenter", datacenterNames, &reader) }
            for (index, fallback) in netArea.fallback.enumerated() {
                let fallbackPath = "\(path).fallback.netAreas[\(index)]"
                if fallback == netArea.name {
                    reader.report(line: reader.line(fallbackPath), path: fallbackPath,
                                  "NetArea \(netArea.name) lists itself as its fallback")
                } else if checkNAs {
                    reference(fallbackPath, fallback, "NetArea", netAreaNames, &reader)
                }
            }
        }
        for (path, node) in draft.nodes.items {
            if checkDCs { reference("\(path).datacenter", node.datacenter, "datacenter", datacenterNames, &reader) }
            if checkNAs { reference("\(path).netArea", node.netArea, "NetArea", netAreaNames, &reader) }
        }
        for (path, group) in draft.agents.items where checkNAs {
            reference("\(path).netArea", group.netArea, "NetArea", netAreaNames, &reader)
        }
        if draft.nodes.complete { checkPWP(draft, path: YAMLReader.join(base, "nodes"), reader: &reader) }
        checkJavaProcesses(draft, base: base, reader: &reader)
        if draft.nodes.complete, draft.netAreas.complete, draft.agents.complete {
            checkReachableCPs(draft, reader: &reader)
        }
    }

    private static func checkVersions(_ draft: TopologyDraft, path: String, reader: inout YAMLReader) {
        guard let versions = draft.versions else { return }
        let basePath = path.replacingOccurrences(of: "versions.target", with: "versions.base")
        for (text, at) in [(versions.base, basePath), (versions.target, path)] where AEVersion(text) == nil {
            reader.report(line: reader.line(at), path: at,
                          "\"\(MessageCap.value(text))\" is not an AE version: write \(AEVersion.form)")
        }
        if versions.base == versions.target {
            reader.report(line: reader.line(path), path: path,
                          "target is the base version \(MessageCap.value(versions.base)): nothing to upgrade")
        }
    }

    /// JWP, JCP and REST exist from v21 on and are then mandatory (docs/ae-model.md AE-PROC-1, AE-JCP-1).
    private static func checkJavaProcesses(_ draft: TopologyDraft, base: String, reader: inout YAMLReader) {
        guard let text = draft.versions?.base, let version = AEVersion(text) else { return }
        if !version.hasJavaProcesses {
            for (path, node) in draft.nodes.items {
                for (key, value) in [("jwps", node.jwps), ("jcps", node.jcps), ("rest", node.rest)] where value > 0 {
                    reader.report(line: reader.line("\(path).\(key)"), path: "\(path).\(key)",
                                  "AE \(version) has no \(key.uppercased()) processes (they exist from v21); remove it")
                }
            }
            for (path, group) in draft.agents.items where group.connectsTo == .jcp {
                reader.report(line: reader.line("\(path).connectsTo"), path: "\(path).connectsTo",
                              "AE \(version) has no JCPs (agents connect to JCPs from v21); write connectsTo: CP")
            }
            return
        }
        guard draft.nodes.complete, !draft.nodes.items.isEmpty else { return }
        let nodesPath = YAMLReader.join(base, "nodes")
        for (key, total) in [("jwps", draft.nodes.items.reduce(0) { $0 + $1.value.jwps }),
                             ("jcps", draft.nodes.items.reduce(0) { $0 + $1.value.jcps }),
                             ("rest", draft.nodes.items.reduce(0) { $0 + $1.value.rest })] where total == 0 {
            reader.report(line: reader.line(nodesPath), path: nodesPath,
                          "AE \(version) needs \(key.uppercased()) processes (mandatory from v21), but no node has "
                            + "\(key) > 0; add them to the nodes that run them")
        }
    }

    private static func checkDuplicates(_ named: [(String, String)], what: String, reader: inout YAMLReader) {
        var firstPath: [String: String] = [:]
        for (path, name) in named {
            if let first = firstPath[name] {
                reader.report(line: reader.line(path), path: path,
                              "duplicate \(what) \"\(MessageCap.value(name))\" (first declared at line \(reader.line(first)), \(first))")
            } else {
                firstPath[name] = path
            }
        }
    }

    private static func reference(
        _ path: String, _ name: String, _ what: String, _ known: Known, _ reader: inout YAMLReader
    ) {
        guard !known.set.contains(name) else { return }
        let list = known.unique.isEmpty ? "none declared" : "known: \(MessageCap.list(known.unique))"
        reader.report(line: reader.line(path), path: path, "unknown \(what) \"\(MessageCap.value(name))\" (\(list))")
    }

    private static func checkPWP(_ draft: TopologyDraft, path nodesPath: String, reader: inout YAMLReader) {
        let holders = draft.nodes.items.filter(\.value.pwp)
        if draft.nodes.items.isEmpty {
            reader.report(line: reader.line(nodesPath), path: nodesPath, "declare at least one node")
        } else if holders.isEmpty {
            reader.report(line: reader.line(nodesPath), path: nodesPath,
                          "no node holds the primary work process: mark exactly one node with pwp: true")
        }
        if holders.count > 1 {
            let names = holders.map(\.value.name).joined(separator: ", ")
            for (path, _) in holders.dropFirst() {
                reader.report(line: reader.line("\(path).pwp"), path: "\(path).pwp",
                              "\(holders.count) nodes have pwp: true (\(names)); exactly one node holds the PWP")
            }
        }
        for (path, node) in holders where node.wps == 0 {
            reader.report(line: reader.line("\(path).wps"), path: "\(path).wps",
                          "node \(node.name) holds the PWP but has no work processes")
        }
    }

    private static func checkReachableCPs(_ draft: TopologyDraft, reader: inout YAMLReader) {
        var servers: [AgentConnection: [String: Int]] = [:]
        for (_, node) in draft.nodes.items {
            servers[.cp, default: [:]][node.netArea, default: 0] += node.cps
            servers[.jcp, default: [:]][node.netArea, default: 0] += node.jcps
        }
        var reported: Set<String> = []
        var netAreas: [String: NetArea] = [:]
        for (_, netArea) in draft.netAreas.items where netAreas[netArea.name] == nil {
            netAreas[netArea.name] = netArea
        }
        for (path, group) in draft.agents.items {
            let kind = group.connectsTo
            guard !reported.contains("\(group.netArea)/\(kind)"), let netArea = netAreas[group.netArea] else { continue }
            let candidates = [netArea.name] + netArea.fallback
            guard candidates.allSatisfy({ servers[kind]?[$0, default: 0] ?? 0 == 0 }) else { continue }
            reported.insert("\(group.netArea)/\(kind)")
            let agents = draft.agents.items.filter { $0.value.netArea == netArea.name && $0.value.connectsTo == kind }
                .reduce(0) { $0 + $1.value.count }
            let fallbacks = netArea.fallback.isEmpty ? "and it has no fallback" :
                "nor in its fallback \(MessageCap.list(netArea.fallback))"
            let key = kind == .cp ? "cps" : "jcps"
            reader.report(line: reader.line("\(path).netArea"), path: "\(path).netArea",
                          "NetArea \(netArea.name) has \(agents) agents that connect to \(kind.rawValue)s but no "
                            + "\(kind.rawValue) to connect to: no node with \(key) > 0 is in \(netArea.name) \(fallbacks)")
        }
    }

    /// Declared names, as a set for look-ups and as the declared list for messages.
    private struct Known {
        /// The declared names without repeats, in declared order.
        let unique: [String]
        let set: Set<String>

        init(_ list: [String]) {
            var seen: Set<String> = []
            unique = list.filter { seen.insert($0).inserted }
            set = seen
        }
    }
}
