extension Render {
    /// The plan as a Graphviz digraph: one cluster per datacenter, system steps and gates outside, critical-path
    /// edges drawn thick and red. `dot -Tsvg` renders it.
    public static func dot(_ plan: Plan) -> String {
        let critical = CriticalPath.of(plan)
        let criticalEdges = Set(zip(critical.steps, critical.steps.dropFirst()).map { "\($0.0)\u{0}\($0.1)" })
        let onPath = Set(critical.steps)
        var out: [String] = []
        let versions = plan.topology.versions
        out.append("digraph \(quoted(plan.system)) {")
        let title = "\(plan.system): \(versions.base) -> \(versions.target), critical path \(clock(critical.seconds))"
        out.append("  graph [rankdir=TB, labelloc=t, fontname=\"Helvetica\", label=\(quoted(title))];")
        out.append("  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Helvetica\", "
            + "fontsize=10];")
        out.append("  edge [color=gray40];")
        for datacenter in clusterOrder(plan) {
            out.append("  subgraph \(quoted("cluster_" + datacenter)) {")
            out.append("    label=\(quoted(datacenter));")
            out.append("    style=rounded; color=gray60;")
            for step in plan.steps where clusterOf(step) == datacenter {
                out.append("    " + dotNode(step, critical: onPath.contains(step.id)))
            }
            out.append("  }")
        }
        for step in plan.steps where clusterOf(step) == nil {
            out.append("  " + dotNode(step, critical: onPath.contains(step.id)))
        }
        for step in plan.steps {
            for dependency in step.dependsOn {
                let isCritical = criticalEdges.contains("\(dependency)\u{0}\(step.id)")
                let style = isCritical ? " [color=red, penwidth=2]" : ""
                out.append("  \(quoted(dependency)) -> \(quoted(step.id))\(style);")
            }
        }
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    /// Datacenters that have clustered steps: declared order first, then any others in order of appearance.
    private static func clusterOrder(_ plan: Plan) -> [String] {
        var order = plan.topology.datacenters
        for step in plan.steps { if let dc = clusterOf(step), !order.contains(dc) { order.append(dc) } }
        return order.filter { dc in plan.steps.contains { clusterOf($0) == dc } }
    }

    /// The cluster a step is drawn in: its datacenter, except for gates and system-wide steps.
    private static func clusterOf(_ step: Step) -> String? {
        step.kind == .gate ? nil : step.datacenter
    }

    private static func dotNode(_ step: Step, critical: Bool) -> String {
        let what = step.kind == .gate ? (step.gate.map(describe) ?? "gate") : nodes(of: step)
        let label = "\(step.kind.rawValue)\(wizard(step))\n\(what)\n\(clock(step.estimateSeconds))"
        var attributes = ["label=\(quoted(label))"]
        switch step.kind {
        case .gate: attributes.append("shape=diamond")
        case .zduDBLoad, .zduSwitch, .zduFinalize, .zduRollback:
            attributes.append("shape=ellipse")
            attributes.append("style=bold")
        default: break
        }
        if critical { attributes.append("color=red") }
        return "\(quoted(step.id)) [\(attributes.joined(separator: ", "))];"
    }

    /// A DOT double-quoted string; newlines become `\n` line breaks.
    private static func quoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            default: out.append(character)
            }
        }
        return out + "\""
    }
}
