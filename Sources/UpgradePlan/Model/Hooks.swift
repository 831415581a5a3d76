/// Operator commands run around steps and datacenters (`policy.hooks`), each with `/bin/sh -c` and the step's
/// STEP_ID, STEP_KIND, NODES, DC and SYSTEM in the environment. Every hook is optional; none by default.
public struct Hooks: Sendable, Equatable, Codable {
    /// Runs before each step of the upgrade; a failure fails the step.
    public var beforeStep: String?
    /// Runs after each step's postcondition is observed; a failure fails the step.
    public var afterStep: String?
    /// Runs before the first step of a datacenter's first batch; a failure fails that step.
    public var beforeDC: String?
    /// Runs after the last step of a datacenter's last batch; a failure fails that step.
    public var afterDC: String?
    /// Runs once when a step fails for good (before rollback or halt); its own failure is only reported.
    public var onFailure: String?

    /// Creates hooks; omitted ones do not run.
    public init(
        beforeStep: String? = nil, afterStep: String? = nil, beforeDC: String? = nil, afterDC: String? = nil,
        onFailure: String? = nil
    ) {
        self.beforeStep = beforeStep
        self.afterStep = afterStep
        self.beforeDC = beforeDC
        self.afterDC = afterDC
        self.onFailure = onFailure
    }

    /// Whether no hook is set.
    public var isEmpty: Bool { self == Hooks() }

    /// The hook names, as written in the topology.
    public static let names = ["beforeStep", "afterStep", "beforeDC", "afterDC", "onFailure"]
}
