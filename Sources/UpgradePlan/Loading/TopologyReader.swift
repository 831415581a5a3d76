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
    /// Paths of agent groups that did not say `connectsTo`: they get what their version documents.
    private var undeclaredConnections: Set<String> = []

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
        // Unsaid connectsTo: JCP from v21 (Windows, UNIX and Java agents, docs/ae-model.md AE-JCP-1), CP before.
        let javaAgents = draft.versions.flatMap { AEVersion($0.base) }?.hasJavaProcesses ?? false
        for index in draft.agents.items.indices where undeclaredConnections.contains(draft.agents.items[index].path) {
            draft.agents.items[index].value.connectsTo = javaAgents ? .jcp : .cp
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
        var fallback: (netAreas: [String], mechanism: FallbackMechanism?)? = ([], nil)
        if let field = fields["fallback"] { fallback = readFallback(field.node, at: field.path) }
        guard let name, let datacenter, let fallback else { return nil }
        return NetArea(name: name, datacenter: datacenter, fallback: fallback.netAreas,
                       fallbackMechanism: fallback.mechanism)
    }

    /// `{netAreas: [NA_DC2], mechanism: loadBalancer}`: a fallback the site provides, never assumed
    /// (docs/ae-model.md AE-NETAREA-2).
    private mutating func readFallback(_ node: Yams.Node, at path: String)
        -> (netAreas: [String], mechanism: FallbackMechanism?)?
    {
        let mechanisms = FallbackMechanism.allCases.map(\.rawValue).joined(separator: ", ")
        if case .sequence = node {
            reader.report(line: reader.lineOf(node), path: path,
                          "a fallback must name its mechanism, because AE itself offers none: write "
                            + "{netAreas: [...], mechanism: \(mechanisms)}")
            return nil
        }
        guard let fields = reader.fields(node, at: path, required: ["netAreas", "mechanism"], optional: []) else {
            return nil
        }
        let netAreas = fields["netAreas"].flatMap { reader.strings($0.node, at: $0.path, what: "NetAreas") }
        var mechanism: FallbackMechanism?
        if let field = fields["mechanism"], let text = reader.string(field.node, at: field.path) {
            mechanism = FallbackMechanism(rawValue: text)
            if mechanism == nil {
                reader.report(line: reader.lineOf(field.node), path: field.path,
                              "unknown mechanism \"\(text)\"\(YAMLReader.suggestion(for: text, in: FallbackMechanism.allCases.map(\.rawValue))) (known: \(mechanisms))")
            }
        }
        guard let netAreas, let mechanism else { return nil }
        if netAreas.isEmpty {
            reader.report(line: reader.lineOf(node), path: YAMLReader.join(path, "netAreas"),
                          "list at least one NetArea, or leave the fallback out")
            return nil
        }
        return (netAreas, mechanism)
    }

    private static let nodeKeys = ["name", "datacenter", "endpoint", "wps", "cps", "netArea"]
    private static let nodeOptionalKeys = ["jwps", "jcps", "rest", "pwp", "simulatedWizard"]
    /// The wizard steps a simulated node may perform (`simulatedWizard`), as node.yaml's `wizard:` names them.
    static let wizardStepNames = ["dbload", "switch", "finalize", "rollback"]
    /// Upper bound of a process count on one node: far above any real server, low enough that sums cannot overflow.
    static let maxProcesses = 10_000

    private mutating func readNode(_ node: Yams.Node, at path: String) -> Node? {
        guard let fields = reader.fields(node, at: path, required: Self.nodeKeys, optional: Self.nodeOptionalKeys)
        else { return nil }
        let name = fields["name"].flatMap { reader.string($0.node, at: $0.path) }
        let datacenter = fields["datacenter"].flatMap { reader.string($0.node, at: $0.path) }
        let endpoint = fields["endpoint"].flatMap { readEndpoint($0.node, at: $0.path) }
        func count(_ key: String) -> Int? {
            guard let field = fields[key] else { return 0 }
            return reader.int(field.node, at: field.path, minimum: 0, maximum: Self.maxProcesses)
        }
        let wps = count("wps")
        let cps = count("cps")
        let jwps = count("jwps")
        let jcps = count("jcps")
        let rest = count("rest")
        let netArea = fields["netArea"].flatMap { reader.string($0.node, at: $0.path) }
        var pwp: Bool? = false
        if let field = fields["pwp"] { pwp = reader.bool(field.node, at: field.path) }
        guard let name, let datacenter, let endpoint, let wps, let cps, let jwps, let jcps, let rest, let netArea,
            let pwp else { return nil }
        var result = Node(name: name, datacenter: datacenter, endpoint: endpoint, wps: wps, cps: cps, jwps: jwps,
                          jcps: jcps, rest: rest, netArea: netArea, pwp: pwp)
        if let field = fields["simulatedWizard"] {
            result.simulatedWizard = readWizardSteps(field.node, at: field.path)
        }
        if result.processCount == 0 {
            reader.report(line: reader.line(path), path: path, "node \(name) has no processes (all counts are 0)")
        }
        return result
    }

    private mutating func readWizardSteps(_ node: Yams.Node, at path: String) -> [String] {
        guard let names = reader.strings(node, at: path, what: "wizard steps") else { return [] }
        for name in names where !Self.wizardStepNames.contains(name) {
            reader.report(line: reader.lineOf(node), path: path,
                          "unknown wizard step \"\(name)\" (known: \(Self.wizardStepNames.joined(separator: ", ")))")
        }
        return Self.wizardStepNames.filter(names.contains)
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
        guard let fields = reader.fields(node, at: path, required: ["netArea", "count"], optional: ["connectsTo"])
        else { return nil }
        let netArea = fields["netArea"].flatMap { reader.string($0.node, at: $0.path) }
        let count = fields["count"].flatMap { reader.int($0.node, at: $0.path, minimum: 1, maximum: 10_000_000) }
        var connectsTo: AgentConnection?? = .some(nil)
        if let field = fields["connectsTo"] {
            connectsTo = reader.string(field.node, at: field.path).map { text in
                let kind = AgentConnection(rawValue: text.uppercased())
                if kind == nil {
                    reader.report(line: reader.lineOf(field.node), path: field.path,
                                  "unknown value \"\(text)\" (known: CP, JCP)")
                }
                return kind
            }
        }
        guard let netArea, let count, let connectsTo else { return nil }
        if fields["connectsTo"] != nil && connectsTo == nil { return nil }
        // Unsaid: what the version documents for Windows, UNIX and Java agents (CP before v21, JCP from v21).
        if connectsTo == nil { undeclaredConnections.insert(path) }
        return AgentGroup(netArea: netArea, count: count, connectsTo: connectsTo ?? .cp)
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
