/// Why a plan is not safe: a structural problem, or an invariant broken after a sequence of steps.
public struct Violation: Sendable, Equatable, Error, CustomStringConvertible {
    /// The invariant broken, or nil for a structural problem (cycle, unknown id or node, misplaced finalize).
    public var invariant: Invariant?
    /// The shortest step sequence (ids, in execution order) that reaches the violating state; empty when
    /// the problem is structural or holds before any step.
    public var sequence: [String]
    /// What exactly breaks, e.g. which NetArea lost all its CPs.
    public var detail: String
    /// The farm at that point: CPs in standby or stopped, where the PWP is, agents, ZDU phase.
    public var state: String

    /// Creates a violation.
    public init(invariant: Invariant?, sequence: [String], detail: String, state: String) {
        self.invariant = invariant
        self.sequence = sequence
        self.detail = detail
        self.state = state
    }

    /// The report the CLI prints.
    public var description: String {
        var lines: [String] = []
        if let invariant {
            lines.append("invariant \(invariant.rawValue) (\(invariant.title)) broken: \(detail)")
            if sequence.isEmpty {
                lines.append("  before any step")
            } else {
                lines.append("  after \(sequence.count) step\(sequence.count == 1 ? "" : "s"):")
                for (number, id) in sequence.enumerated() { lines.append("    \(number + 1). \(id)") }
            }
            lines.append("  state: \(state)")
        } else {
            lines.append("plan structure: \(detail)")
        }
        return lines.joined(separator: "\n")
    }
}

/// The validator's verdict on a plan.
public enum ValidationResult: Sendable, Equatable {
    /// Every reachable state keeps every invariant; `statesChecked` counts the states (or state classes) examined.
    case valid(statesChecked: Int)
    /// The plan is unsafe or malformed.
    case invalid(Violation)

    /// Whether the plan is valid.
    public var isValid: Bool {
        if case .valid = self { return true }
        return false
    }

    /// The violation, when invalid.
    public var violation: Violation? {
        if case .invalid(let violation) = self { return violation }
        return nil
    }
}
