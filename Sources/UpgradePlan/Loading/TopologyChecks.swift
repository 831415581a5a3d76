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
                let fallbackPath = "\(path).fallback[\(index)]"
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
        if draft.nodes.complete, draft.netAreas.complete, draft.agents.complete {
            checkReachableCPs(draft, reader: &reader)
        }
    }

    private static func checkVersions(_ draft: TopologyDraft, path: String, reader: inout YAMLReader) {
        guard let versions = draft.versions, versions.base == versions.target else { return }
        reader.report(line: reader.line(path), path: path,
                      "target is the base version \(versions.base): nothing to upgrade")
    }

    private static func checkDuplicates(_ named: [(String, String)], what: String, reader: inout YAMLReader) {
        var firstPath: [String: String] = [:]
        for (path, name) in named {
            if let first = firstPath[name] {
                reader.report(line: reader.line(path), path: path,
                              "duplicate \(what) \"\(name)\" (first declared at line \(reader.line(first)), \(first))")
            } else {
                firstPath[name] = path
            }
        }
    }

    private static func reference(
        _ path: String, _ name: String, _ what: String, _ known: Known, _ reader: inout YAMLReader
    ) {
        guard !known.set.contains(name) else { return }
        let known = known.list
        var seen: Set<String> = []
        let names = known.filter { seen.insert($0).inserted }
        let list = names.isEmpty ? "none declared" : "known: \(names.joined(separator: ", "))"
        reader.report(line: reader.line(path), path: path, "unknown \(what) \"\(name)\" (\(list))")
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
        var cpsPerNetArea: [String: Int] = [:]
        for (_, node) in draft.nodes.items { cpsPerNetArea[node.netArea, default: 0] += node.cps }
        var reported: Set<String> = []
        var netAreas: [String: NetArea] = [:]
        for (_, netArea) in draft.netAreas.items where netAreas[netArea.name] == nil {
            netAreas[netArea.name] = netArea
        }
        var agentsPerNetArea: [String: Int] = [:]
        for (_, group) in draft.agents.items { agentsPerNetArea[group.netArea, default: 0] += group.count }
        for (path, group) in draft.agents.items where !reported.contains(group.netArea) {
            guard let netArea = netAreas[group.netArea] else { continue }
            let candidates = [netArea.name] + netArea.fallback
            guard candidates.allSatisfy({ cpsPerNetArea[$0, default: 0] == 0 }) else { continue }
            reported.insert(group.netArea)
            let agents = agentsPerNetArea[netArea.name, default: 0]
            let fallbacks = netArea.fallback.isEmpty ? "and it has no fallback" :
                "nor in its fallbacks \(netArea.fallback.joined(separator: ", "))"
            reader.report(line: reader.line("\(path).netArea"), path: "\(path).netArea",
                          "NetArea \(netArea.name) has \(agents) agents but no CP to connect to: no node with cps > 0 "
                            + "is in \(netArea.name) \(fallbacks)")
        }
    }

    /// Declared names, as a set for look-ups and as the declared list for messages.
    private struct Known {
        let list: [String]
        let set: Set<String>

        init(_ list: [String]) {
            self.list = list
            set = Set(list)
        }
    }
}
