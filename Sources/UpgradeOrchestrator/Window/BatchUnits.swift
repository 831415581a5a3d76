import UpgradePlan

/// The plan cut into units the executor starts whole or not at all: one unit per batch (every node chain from
/// its `cp.drain` to its `target.verify`), and every other step alone. Between two units no node is mid-upgrade
/// (its base processes stopped and its target processes not yet verified): the safe points where a window, an
/// approval or a wizard step may stop a run. Pure.
public struct BatchUnits: Sendable, Equatable {
    /// Unit id per step id (a batch's id is its first `cp.drain`'s id; a lone step is its own unit).
    public let unitOf: [String: String]
    /// Step ids of each unit, in plan order.
    public let members: [String: [String]]

    private static let chainKinds: Set<StepKind> = [
        .cpDrain, .agentsAwaitReconnect, .wpStop, .targetStart, .targetVerify,
    ]

    /// Cuts `steps` (in plan order) into units.
    public init(steps: [Step]) {
        var unitOf: [String: String] = [:]
        var batchOfKey: [[String]: String] = [:]
        var batchOfNode: [String: String] = [:]
        for step in steps where step.kind == .cpDrain {
            let key = step.dependsOn.sorted()
            let unit = batchOfKey[key] ?? step.id
            batchOfKey[key] = unit
            if let node = step.nodes.first { batchOfNode[node] = unit }
        }
        for step in steps {
            if Self.chainKinds.contains(step.kind), let node = step.nodes.first, let unit = batchOfNode[node] {
                unitOf[step.id] = unit
            } else {
                unitOf[step.id] = step.id
            }
        }
        var members: [String: [String]] = [:]
        for step in steps { members[unitOf[step.id]!, default: []].append(step.id) }
        self.unitOf = unitOf
        self.members = members
    }

    /// Nodes whose `cp.drain` is done but not their `target.verify` (drained or stopped, not back in service), in
    /// plan order.
    public static func nodesMidUpgrade(_ steps: [Step], done: Set<String>) -> [String] {
        var verified: Set<String> = []
        for step in steps where step.kind == .targetVerify && done.contains(step.id) {
            verified.formUnion(step.nodes)
        }
        return steps.filter { $0.kind == .cpDrain && done.contains($0.id) }.flatMap(\.nodes)
            .filter { !verified.contains($0) }
    }

    /// The unit holding `step` (the step itself when unknown).
    public func unit(of step: String) -> String { unitOf[step] ?? step }

    /// The step ids of the unit holding `step`.
    public func steps(inUnitOf step: String) -> [String] { members[unit(of: step)] ?? [step] }
}
