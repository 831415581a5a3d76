import Yams

/// Turns a composed plan file into a `Plan`, collecting every problem with its line and field path.
///
/// The steps are read as they stand (the validator judges them); only what makes a plan unreadable is reported here:
/// missing fields, wrong types, unknown step kinds, duplicate step ids, a topology with problems, and a
/// `topologyHash` that does not match the topology in the file.
struct PlanReader {
    /// The reader holding problems and field lines.
    var reader: YAMLReader

    /// Creates a reader for the named file.
    init(file: String) { reader = YAMLReader(file: file) }

    private static let stepKeys = ["id", "kind", "nodes", "dependsOn", "estimateSeconds"]
    private static let optionalStepKeys = ["inverse", "datacenter", "precondition", "postcondition", "gate"]

    /// The plan, or nil when a problem was found.
    mutating func read(_ root: Yams.Node) -> Plan? {
        let keys = ["system", "topologyHash", "topology", "criticalPathSeconds", "steps"]
        guard let top = reader.fields(root, at: "", required: keys, optional: []) else { return nil }
        let system = top["system"].flatMap { reader.string($0.node, at: $0.path) }
        let hash = top["topologyHash"].flatMap { reader.string($0.node, at: $0.path) }
        let critical = top["criticalPathSeconds"].flatMap { reader.int($0.node, at: $0.path, minimum: 0) }
        var topology: Topology?
        if let field = top["topology"] {
            var topologyReader = TopologyReader(reader: reader)
            topology = topologyReader.read(field.node, at: field.path)
            reader = topologyReader.reader
        }
        var steps: [Step]?
        if let field = top["steps"] { steps = readSteps(field.node, at: field.path) }
        if let topology, let system, system != topology.system {
            reader.report(line: reader.line("system"), path: "system",
                          "plan is for system \"\(system)\" but its topology is \"\(topology.system)\"")
        }
        if let topology, let hash, hash != TopologyHash.of(topology) {
            reader.report(line: reader.line("topologyHash"), path: "topologyHash",
                          "does not match the topology in the file (was the topology edited? run aeupgrade plan again)")
        }
        guard let system, let hash, let critical, let topology, let steps, reader.problems.isEmpty else { return nil }
        return Plan(system: system, topologyHash: hash, topology: topology, criticalPathSeconds: critical, steps: steps)
    }

    private mutating func readSteps(_ node: Yams.Node, at path: String) -> [Step]? {
        guard let elements = reader.elements(node, at: path, what: "steps") else { return nil }
        var steps: [Step] = []
        var firstPath: [String: String] = [:]
        var complete = true
        for element in elements {
            guard let step = readStep(element.node, at: element.path) else {
                complete = false
                continue
            }
            if let first = firstPath[step.id] {
                let idPath = "\(element.path).id"
                reader.report(line: reader.line(idPath), path: idPath,
                              "duplicate step id \"\(step.id)\" (first at line \(reader.line(first)))")
            } else {
                firstPath[step.id] = "\(element.path).id"
            }
            steps.append(step)
        }
        return complete ? steps : nil
    }

    private mutating func readStep(_ node: Yams.Node, at path: String) -> Step? {
        guard let fields = reader.fields(node, at: path, required: Self.stepKeys, optional: Self.optionalStepKeys)
        else { return nil }
        var ok = true
        let id = fields["id"].flatMap { reader.string($0.node, at: $0.path) }
        let kind = fields["kind"].flatMap { readKind($0.node, at: $0.path) }
        let nodes = fields["nodes"].flatMap { reader.strings($0.node, at: $0.path, what: "node names") }
        let dependsOn = fields["dependsOn"].flatMap { reader.strings($0.node, at: $0.path, what: "step ids") }
        let estimate = fields["estimateSeconds"].flatMap { reader.int($0.node, at: $0.path, minimum: 0) }
        var inverse: StepKind?
        if let field = fields["inverse"], !isNull(field.node) {
            inverse = readKind(field.node, at: field.path)
            ok = ok && inverse != nil
        }
        var datacenter: String?
        if let field = fields["datacenter"], !isNull(field.node) {
            datacenter = reader.string(field.node, at: field.path)
            ok = ok && datacenter != nil
        }
        let precondition = readText(fields["precondition"], ok: &ok)
        let postcondition = readText(fields["postcondition"], ok: &ok)
        var gate: Gate?
        if let field = fields["gate"], !isNull(field.node) {
            var policyReader = PolicyReader(reader: reader)
            gate = policyReader.readGate(field.node, at: field.path)
            reader = policyReader.reader
            ok = ok && gate != nil
        }
        guard ok, let id, let kind, let nodes, let dependsOn, let estimate else { return nil }
        return Step(id: id, kind: kind, nodes: nodes, dependsOn: dependsOn, estimateSeconds: estimate,
                    inverse: inverse, datacenter: datacenter, precondition: precondition,
                    postcondition: postcondition, gate: gate)
    }

    private mutating func readText(_ field: (path: String, node: Yams.Node)?, ok: inout Bool) -> String {
        guard let field, !isNull(field.node) else { return "" }
        guard case let .scalar(scalar) = field.node else {
            reader.report(line: reader.lineOf(field.node), path: field.path,
                          "expected a text value, found \(YAMLReader.describe(field.node))")
            ok = false
            return ""
        }
        return scalar.string
    }

    private mutating func readKind(_ node: Yams.Node, at path: String) -> StepKind? {
        guard let text = reader.string(node, at: path) else { return nil }
        if let why = Self.retiredKinds[text] {
            reader.report(line: reader.lineOf(node), path: path,
                          "step kind \"\(text)\" belongs to aeupgrade's old model and is refused: \(why); make a new "
                            + "plan with aeupgrade plan")
            return nil
        }
        guard let kind = StepKind(rawValue: text) else {
            let known = StepKind.allCases.map(\.rawValue)
            reader.report(line: reader.lineOf(node), path: path,
                          "unknown step kind \"\(text)\"\(YAMLReader.suggestion(for: text, in: known)) "
                            + "(known: \(known.joined(separator: ", ")))")
            return nil
        }
        return kind
    }

    /// Step kinds of the old model, and why AE does not allow them (docs/ae-model.md).
    static let retiredKinds = [
        "cp.standby": "AE has no CP standby: CPs are always active (AE-NONSTOP-1)",
        "cp.activate": "AE has no CP standby to activate from (AE-NONSTOP-1)",
        "pwp.handover": "the PWP moves to a target WP at the wizard's switch, not by a handover (AE-ZDU-4)",
        "processes.start": "a stopped base process cannot restart in compatibility mode (AE-ZDU-6, invariant 4)",
        "binaries.install": "target binaries go into their own directory; nothing is swapped (AE-ZDU-9)",
        "zdu.prepare": "compatibility mode comes from the wizard's DB load, step zdu.dbload (AE-ZDU-2)",
        "agents.await-failover": "renamed agents.await-reconnect",
        "agents.await-home": "agents do not return home by themselves (AE-NETAREA-2)",
        "health.verify": "renamed target.verify",
    ]

    private func isNull(_ node: Yams.Node) -> Bool {
        YAMLReader.isNull(node)
    }
}
