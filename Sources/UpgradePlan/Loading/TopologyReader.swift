import Yams

/// Turns a composed YAML document into a `Topology`, collecting every problem on the way.
///
/// Reading is split from the cross-checks (`TopologyChecks`): this type reads each field with its line; elements that
/// could not be read completely are left out of the draft and the checks that need the complete list are skipped.
struct TopologyReader {
    /// Top-level keys of a topology file, in the documented order.
    static let topLevelKeys = ["system", "versions", "datacenters", "netAreas", "nodes", "agents", "policy"]

    /// The reader holding problems and field lines.
    var reader: YAMLReader

    /// Creates a reader for the named file.
    init(file: String) { reader = YAMLReader(file: file) }

    /// Creates a reader that goes on with an existing reader's problems (a topology inside a plan file).
    init(reader: YAMLReader) { self.reader = reader }

    /// Reads the document, running the cross-checks on what could be read. Nil if any problem was found.
    mutating func read(_ root: Yams.Node, at path: String = "") -> Topology? {
        var draft = TopologyDraft()
        guard let top = reader.fields(root, at: path, required: Array(Self.topLevelKeys.prefix(5)),
                                      optional: ["agents", "policy"]) else { return nil }
        if let field = top["system"] { draft.system = reader.string(field.node, at: field.path) }
        if let field = top["versions"] { draft.versions = readVersions(field.node, at: field.path) }
        if let field = top["datacenters"] {
            draft.datacenters = reader.strings(field.node, at: field.path, what: "datacenter names")
        }
        if let field = top["netAreas"] {
            draft.netAreas = readList(field, what: "NetAreas") { reader, node, path in
                reader.readNetArea(node, at: path)
            }
        }
        if let field = top["nodes"] { draft.nodes = readList(field, what: "nodes") { $0.readNode($1, at: $2) } }
        if let field = top["agents"] {
            draft.agents = readList(field, what: "agent groups") { reader, node, path in
                reader.readAgents(node, at: path)
            }
        } else {
            draft.agents = DraftList(items: [], complete: true)
        }
        if let field = top["policy"] {
            var policyReader = PolicyReader(reader: reader)
            draft.policy = policyReader.read(field.node, at: field.path)
            reader = policyReader.reader
        } else {
            draft.policy = Policy()
        }
        TopologyChecks.run(draft, base: path, reader: &reader)
        return draft.topology(ifNoProblems: reader.problems.isEmpty)
    }

    private mutating func readVersions(_ node: Yams.Node, at path: String) -> Versions? {
        guard let fields = reader.fields(node, at: path, required: ["base", "target"], optional: []) else { return nil }
        let base = fields["base"].flatMap { reader.string($0.node, at: $0.path) }
        let target = fields["target"].flatMap { reader.string($0.node, at: $0.path) }
        guard let base, let target else { return nil }
        return Versions(base: base, target: target)
    }

    private mutating func readList<T>(
        _ field: (path: String, node: Yams.Node), what: String,
        _ readOne: (inout Self, Yams.Node, String) -> T?
    ) -> DraftList<T> {
        guard let elements = reader.elements(field.node, at: field.path, what: what) else {
            return DraftList(items: [], complete: false)
        }
        var list = DraftList<T>(items: [], complete: true)
        for element in elements {
            if let item = readOne(&self, element.node, element.path) {
                list.items.append((element.path, item))
            } else {
                list.complete = false
            }
        }
        return list
    }

    private static let netAreaKeys = ["name", "datacenter"]

    private mutating func readNetArea(_ node: Yams.Node, at path: String) -> NetArea? {
        guard let fields = reader.fields(node, at: path, required: Self.netAreaKeys, optional: ["fallback"]) else {
            return nil
        }
        let name = fields["name"].flatMap { reader.string($0.node, at: $0.path) }
        let datacenter = fields["datacenter"].flatMap { reader.string($0.node, at: $0.path) }
        var fallback: [String]? = []
        if let field = fields["fallback"] { fallback = reader.strings(field.node, at: field.path, what: "NetAreas") }
        guard let name, let datacenter, let fallback else { return nil }
        return NetArea(name: name, datacenter: datacenter, fallback: fallback)
    }

    private static let nodeKeys = ["name", "datacenter", "endpoint", "wps", "cps", "netArea"]

    private mutating func readNode(_ node: Yams.Node, at path: String) -> Node? {
        guard let fields = reader.fields(node, at: path, required: Self.nodeKeys, optional: ["pwp"]) else {
            return nil
        }
        let name = fields["name"].flatMap { reader.string($0.node, at: $0.path) }
        let datacenter = fields["datacenter"].flatMap { reader.string($0.node, at: $0.path) }
        let endpoint = fields["endpoint"].flatMap { readEndpoint($0.node, at: $0.path) }
        let wps = fields["wps"].flatMap { reader.int($0.node, at: $0.path, minimum: 0) }
        let cps = fields["cps"].flatMap { reader.int($0.node, at: $0.path, minimum: 0) }
        let netArea = fields["netArea"].flatMap { reader.string($0.node, at: $0.path) }
        var pwp: Bool? = false
        if let field = fields["pwp"] { pwp = reader.bool(field.node, at: field.path) }
        guard let name, let datacenter, let endpoint, let wps, let cps, let netArea, let pwp else { return nil }
        if wps + cps == 0 {
            reader.report(line: reader.line(path), path: path, "node \(name) has no processes (wps and cps are 0)")
        }
        return Node(name: name, datacenter: datacenter, endpoint: endpoint, wps: wps, cps: cps, netArea: netArea,
                    pwp: pwp)
    }

    private mutating func readEndpoint(_ node: Yams.Node, at path: String) -> String? {
        guard let text = reader.string(node, at: path) else { return nil }
        let lower = text.lowercased()
        guard (lower.hasPrefix("http://") || lower.hasPrefix("https://")), text.count > 8 else {
            reader.report(line: reader.lineOf(node), path: path,
                          "expected an http:// or https:// URL, found \"\(text)\"")
            return nil
        }
        return text
    }

    private mutating func readAgents(_ node: Yams.Node, at path: String) -> AgentGroup? {
        guard let fields = reader.fields(node, at: path, required: ["netArea", "count"], optional: []) else {
            return nil
        }
        let netArea = fields["netArea"].flatMap { reader.string($0.node, at: $0.path) }
        let count = fields["count"].flatMap { reader.int($0.node, at: $0.path, minimum: 1) }
        guard let netArea, let count else { return nil }
        return AgentGroup(netArea: netArea, count: count)
    }
}

/// Elements read from a list, each with its field path; `complete` is false when any element could not be read.
struct DraftList<T> {
    /// The elements read, with their paths.
    var items: [(path: String, value: T)]
    /// Whether every element of the list was read.
    var complete: Bool
}

/// What could be read of a topology, before the cross-checks.
struct TopologyDraft {
    var system: String?
    var versions: Versions?
    var datacenters: [String]?
    var netAreas = DraftList<NetArea>(items: [], complete: false)
    var nodes = DraftList<Node>(items: [], complete: false)
    var agents = DraftList<AgentGroup>(items: [], complete: false)
    var policy: Policy?

    /// The topology, when everything was read and no problem was found.
    func topology(ifNoProblems ok: Bool) -> Topology? {
        guard ok, let system, let versions, let datacenters, let policy,
              netAreas.complete, nodes.complete, agents.complete else { return nil }
        return Topology(system: system, versions: versions, datacenters: datacenters,
                        netAreas: netAreas.items.map(\.value), nodes: nodes.items.map(\.value),
                        agents: agents.items.map(\.value), policy: policy)
    }
}
