import UpgradePlan

extension Step {
    /// A step for the executor machine tests: on node `N`, estimated 1 s, no inverse.
    static func machine(_ id: String, _ kind: StepKind = .cpDrain, after deps: [String] = [], gate: Gate? = nil)
        -> Step {
        Step(id: id, kind: kind, nodes: ["N"], dependsOn: deps, estimateSeconds: 1, inverse: nil, gate: gate)
    }
}
