/// Renders a plan for people and tools: text, JSON (the plan file), Graphviz DOT and Mermaid.
///
/// Every renderer works from the plan alone (so a hand-edited plan file renders too) and is deterministic: the same
/// plan gives the same bytes.
public enum Render {
    /// The output formats of `aeupgrade plan --format`.
    public enum Format: String, Sendable, CaseIterable {
        /// Readable text: DCs, batches, steps, the critical path.
        case text
        /// The plan file (canonical JSON).
        case json
        /// Graphviz DOT, one cluster per datacenter.
        case dot
        /// Mermaid `flowchart TD`, one subgraph per datacenter.
        case mermaid
    }

    /// The plan in the given format.
    public static func render(_ plan: Plan, as format: Format) -> String {
        switch format {
        case .text: return text(plan)
        case .json: return json(plan)
        case .dot: return dot(plan)
        case .mermaid: return mermaid(plan)
        }
    }

    /// The plan file: canonical, pretty, sorted-keys JSON (`PlanFile.encode`).
    public static func json(_ plan: Plan) -> String { PlanFile.encode(plan) }

    /// Seconds as `h:mm:ss`, e.g. 2480 -> `0:41:20`.
    public static func clock(_ seconds: Int) -> String {
        let hours = seconds / 3600, minutes = seconds / 60 % 60, rest = seconds % 60
        return "\(hours):\(minutes < 10 ? "0" : "")\(minutes):\(rest < 10 ? "0" : "")\(rest)"
    }

    /// ` (wizard step N, operator)` for a wizard step, empty otherwise.
    static func wizard(_ step: Step) -> String {
        step.kind.wizardStepNumber.map { " (wizard step \($0), operator)" } ?? ""
    }

    /// A gate in words: `soak 0:10:00`, `operator approval`, `none`.
    static func describe(_ gate: Gate) -> String {
        switch gate {
        case let .soak(seconds): return "soak \(clock(seconds))"
        case .approval: return "operator approval"
        case .none: return "none"
        }
    }

    /// The nodes of a step in words: `AE_1A`, or `-` for system-wide steps.
    static func nodes(of step: Step) -> String {
        if step.nodes.isEmpty { return "-" }
        return step.nodes.joined(separator: ", ")
    }
}
