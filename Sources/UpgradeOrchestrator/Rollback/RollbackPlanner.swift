import UpgradePlan

/// Why no rollback plan can be made.
public enum RollbackError: Error, Sendable, Equatable, CustomStringConvertible {
    /// zdu.finalize is done: the base processes are gone and the database is not downgraded.
    case finalized(step: String)
    /// The PWP sits on an upgraded node and no node runs base WPs to take it back.
    case noBaseNode

    /// Why, and what to do.
    public var description: String {
        switch self {
        case .finalized(let step):
            return "rollback refused: \(step) is done, which ended ZDU compatibility mode; there is no way back to "
                + "the base version (the database is not downgraded). Fix forward: resume the upgrade."
        case .noBaseNode:
            return "rollback refused: no node still runs base WPs to take the PWP back; restore one by hand"
        }
    }
}

/// Computes the rollback plan from a plan and what its journal says was done: a pure function.
///
/// Order (TEAM.md): reactivate CPs of base nodes left in standby, hand the PWP back to a base node, stop the
/// upgraded nodes one by one (standby, agents fail over, stop), `zdu.rollback`, then per touched node reinstall
/// base binaries, start, verify, activate CPs and wait for agents to come home. Steps in doubt (started, maybe
/// failed) count as done: every rollback step first checks its postcondition, so undoing nothing is harmless.
public enum RollbackPlanner {
    /// Prefix of every rollback step id.
    public static let prefix = "rollback/"
    /// The cause journaled for a rollback the operator asked for (`aeupgrade rollback`), not a failure.
    public static let operatorCause = (step: "operator", reason: "aeupgrade rollback")

    /// The rollback steps, in a deterministic topological order.
    public static func plan(
        _ plan: Plan, done: Set<String>, inDoubt: Set<String>
    ) throws(RollbackError) -> [Step] {
        let touched = done.union(inDoubt)
        if let finalize = plan.steps.first(where: { $0.kind == .zduFinalize && done.contains($0.id) }) {
            throw .finalized(step: finalize.id)
        }
        func touchedKind(_ kind: StepKind, _ node: String) -> Bool {
            plan.steps.contains { $0.kind == kind && $0.nodes.first == node && touched.contains($0.id) }
        }
        func doneKind(_ kind: StepKind, _ node: String) -> Bool {
            plan.steps.contains { $0.kind == kind && $0.nodes.first == node && done.contains($0.id) }
        }
        let nodes = plan.topology.nodes
        let started = nodes.filter { touchedKind(.processesStart, $0.name) }.map(\.name)
        let stopped = nodes.filter { touchedKind(.wpStop, $0.name) && !doneKind(.processesStart, $0.name) }
            .map(\.name)
        let installed = nodes.filter { touchedKind(.binariesInstall, $0.name) }.map(\.name)
        let standby = nodes.filter {
            touchedKind(.cpStandby, $0.name) && !doneKind(.cpActivate, $0.name)
                && !stopped.contains($0.name) && !started.contains($0.name)
        }.map(\.name)
        var builder = RollbackBuilder(topology: plan.topology, base: plan.topology.versions.base)
        var barrier: [String] = []

        for name in standby { barrier.append(builder.add(.cpActivate, [name], after: [])) }
        if let handover = plan.steps.first(where: { $0.kind == .pwpHandover && touched.contains($0.id) }),
            handover.nodes.count == 2
        {
            let from = handover.nodes[0]
            let baseRunning = nodes.map(\.name).filter { !stopped.contains($0) && !started.contains($0) }
            guard let back = baseRunning.contains(from) ? from : baseRunning.first else { throw .noBaseNode }
            barrier = [builder.add(.pwpHandover, [handover.nodes[1], back], after: barrier)]
        }
        for name in started {
            let standbyStep = builder.add(.cpStandby, [name], after: barrier)
            let failover = builder.add(.agentsAwaitFailover, [name], after: [standbyStep])
            barrier = [builder.add(.wpStop, [name], after: [failover])]
        }
        if plan.steps.contains(where: { $0.kind == .zduPrepare && touched.contains($0.id) }) {
            barrier = [builder.add(.zduRollback, [], after: barrier)]
        }
        var ends: [String] = []
        for node in nodes where stopped.contains(node.name) || started.contains(node.name)
            || installed.contains(node.name)
        {
            var last = barrier
            if installed.contains(node.name) { last = [builder.add(.binariesInstall, [node.name], after: last)] }
            last = [builder.add(.processesStart, [node.name], after: last)]
            last = [builder.add(.healthVerify, [node.name], after: last)]
            last = [builder.add(.cpActivate, [node.name], after: last)]
            ends.append(builder.add(.agentsAwaitHome, [node.name], after: last))
        }
        for name in standby { builder.add(.agentsAwaitHome, [name], after: ends.isEmpty ? barrier : ends) }
        return builder.steps
    }
}

/// Accumulates rollback steps with unique ids.
struct RollbackBuilder {
    let topology: Topology
    let base: String
    var steps: [Step] = []

    @discardableResult
    mutating func add(_ kind: StepKind, _ nodes: [String], after dependsOn: [String]) -> String {
        let scope = nodes.isEmpty ? "system" : nodes.joined(separator: "+")
        var id = "\(RollbackPlanner.prefix)\(scope)/\(kind.rawValue)"
        var suffix = 2
        while steps.contains(where: { $0.id == id }) {
            id = "\(RollbackPlanner.prefix)\(scope)/\(kind.rawValue)#\(suffix)"
            suffix += 1
        }
        let datacenter = nodes.first.flatMap { topology.node(named: $0)?.datacenter }
        steps.append(Step(
            id: id, kind: kind, nodes: nodes, dependsOn: dependsOn, estimateSeconds: 0, inverse: nil,
            datacenter: datacenter))
        return id
    }
}
