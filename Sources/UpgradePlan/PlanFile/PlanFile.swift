import Foundation

/// The saved plan: canonical JSON (sorted keys, two-space indent, every field written) that `apply` and `validate`
/// read back exactly as it was written, or as an operator edited it.
///
/// Format (DESIGN.md "The plan file"): `system`, `topologyHash`, `topology`, `criticalPathSeconds`, and `steps`, each
/// with `id`, `kind`, `nodes`, `dependsOn`, `estimateSeconds`, `inverse` (a kind or null), `datacenter`,
/// `precondition`, `postcondition` and `gate` (`"none"`, `{"soak": seconds}`, `{"approval": true}` or null).
public enum PlanFile {
    /// The plan as canonical, pretty JSON ending in a newline. An empty `topologyHash` is filled in from the topology.
    public static func encode(_ plan: Plan) -> String {
        var plan = plan
        if plan.topologyHash.isEmpty { plan.topologyHash = TopologyHash.of(plan.topology) }
        return CanonicalJSON.value(plan).pretty
    }

    /// Reads a plan file's JSON; `file` is the name used in problems. Every problem is listed with its line and field.
    public static func decode(json: String, file: String) throws(TopologyError) -> Plan {
        let root = try TopologyLoader.compose(json, file: file)
        var reader = PlanReader(file: file)
        guard let plan = reader.read(root), reader.reader.problems.isEmpty else {
            throw .invalid(file: file, problems: reader.reader.problemsByLine)
        }
        return plan
    }

    /// Reads and decodes the plan file at `path`.
    public static func load(path: String) throws(TopologyError) -> Plan {
        try decode(json: InputText.read(path: path), file: path)
    }

    /// Whether a file is a plan file rather than a topology: it has a `steps` key (topologies have none), or it is
    /// a `.json` file with a `topologyHash` (a plan file cut short). Anything else is read as a topology, so a
    /// topology written as JSON works too.
    public static func isPlanFile(path: String, text: String) -> Bool {
        if text.range(of: #"(^|\n)\s*[{]?\s*"?steps"?\s*:"#, options: .regularExpression) != nil { return true }
        return path.lowercased().hasSuffix(".json") && text.contains("\"topologyHash\"")
    }
}

/// A file given to `validate` or `apply`: a topology to plan, or a saved plan.
public enum InputFile: Sendable, Equatable {
    /// A topology file.
    case topology(Topology)
    /// A plan file.
    case plan(Plan)

    /// Reads the file at `path`, telling a plan file from a topology by `PlanFile.isPlanFile`.
    public static func load(path: String) throws(TopologyError) -> InputFile {
        let text = try InputText.read(path: path)
        if PlanFile.isPlanFile(path: path, text: text) {
            return .plan(try PlanFile.decode(json: text, file: path))
        }
        return .topology(try TopologyLoader.parse(yaml: text, file: path))
    }
}
