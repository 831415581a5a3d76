import Foundation

extension Render {
    /// The plan as a Mermaid `flowchart TD`: one subgraph per datacenter, system steps and gates outside,
    /// critical-path edges drawn thick and red. Step ids become Mermaid ids (`/`, `.`, `-`, `+` -> `_`).
    public static func mermaid(_ plan: Plan) -> String {
        let ids = mermaidIDs(plan)
        let critical = CriticalPath.of(plan)
        let criticalEdges = Set(zip(critical.steps, critical.steps.dropFirst()).map { "\($0.0)\u{0}\($0.1)" })
        var out = ["flowchart TD"]
        var datacenters = plan.topology.datacenters
        for step in plan.steps {
            if let dc = step.datacenter, step.kind != .gate, !datacenters.contains(dc) { datacenters.append(dc) }
        }
        for (index, datacenter) in datacenters.enumerated() {
            let members = plan.steps.filter { $0.kind != .gate && $0.datacenter == datacenter }
            guard !members.isEmpty else { continue }
            out.append("  subgraph dc\(index + 1)[\"\(mermaidText(datacenter))\"]")
            for step in members { out.append("    " + mermaidNode(step, id: ids[step.id] ?? "")) }
            out.append("  end")
        }
        for step in plan.steps where step.kind == .gate || step.datacenter == nil {
            out.append("  " + mermaidNode(step, id: ids[step.id] ?? ""))
        }
        var edgeIndex = 0
        var criticalIndexes: [String] = []
        for step in plan.steps {
            for dependency in step.dependsOn {
                guard let from = ids[dependency], let to = ids[step.id] else { continue }
                out.append("  \(from) --> \(to)")
                if criticalEdges.contains("\(dependency)\u{0}\(step.id)") { criticalIndexes.append(String(edgeIndex)) }
                edgeIndex += 1
            }
        }
        if !criticalIndexes.isEmpty {
            out.append("  linkStyle \(criticalIndexes.joined(separator: ",")) stroke:#d62728,stroke-width:3px")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Mermaid ids for every step: the step id with anything but letters, digits and `_` turned into `_`, prefixed
    /// with `s_`; a clash gets the step's position appended, so ids stay unique and deterministic.
    static func mermaidIDs(_ plan: Plan) -> [String: String] {
        var ids: [String: String] = [:]
        var used: Set<String> = []
        for (index, step) in plan.steps.enumerated() where ids[step.id] == nil {
            let base = "s_" + String(step.id.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
            let id = used.contains(base) ? "\(base)_\(index)" : base
            used.insert(id)
            ids[step.id] = id
        }
        return ids
    }

    private static func mermaidNode(_ step: Step, id: String) -> String {
        let what = step.kind == .gate ? (step.gate.map(describe) ?? "gate") : nodes(of: step)
        let label = mermaidText("\(step.kind.rawValue)\(wizard(step))<br/>\(what)<br/>\(clock(step.estimateSeconds))")
        switch step.kind {
        case .gate: return "\(id){\"\(label)\"}"
        case .zduDBLoad, .zduSwitch, .zduFinalize, .zduRollback: return "\(id)([\"\(label)\"])"
        default: return "\(id)[\"\(label)\"]"
        }
    }

    /// Text safe inside a quoted Mermaid label (`"` -> `#quot;`, `>` of `->` kept as an entity).
    private static func mermaidText(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: " -> ", with: " #8594; ")
    }
}
