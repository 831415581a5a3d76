import Foundation
import UpgradePlan

/// Runs the topology's hooks (`policy.hooks`) with `/bin/sh -c`, the step's STEP_ID, STEP_KIND, NODES, DC and
/// SYSTEM (plus HOOK, and REASON for onFailure) in the environment, killed after `policy.hookTimeoutSeconds`; the
/// bearer token's variable is never passed on (`ShellCommand`).
///
/// `beforeDC` runs before the first `cp.standby` of a datacenter (plan order), `afterDC` after its last
/// `agents.await-home`.
public struct HookRunner: Sendable {
    /// The commands.
    public var hooks: Hooks
    /// Time a hook may run.
    public var timeout: Duration
    /// The system name (SYSTEM).
    public var system: String
    /// Step id of each datacenter's first step after staging (a cp.drain, or a reserve node's first step).
    let firstOfDC: Set<String>
    /// Step id of each datacenter's last target.verify.
    let lastOfDC: Set<String>

    /// Hooks of `plan`'s policy.
    public init(plan: Plan) {
        hooks = plan.topology.policy.hooks
        timeout = .seconds(plan.topology.policy.hookTimeoutSeconds)
        system = plan.system
        var first: [String: String] = [:]
        var last: [String: String] = [:]
        for step in plan.steps {
            guard let dc = step.datacenter else { continue }
            if step.kind != .binariesStage, first[dc] == nil { first[dc] = step.id }
            if step.kind == .targetVerify { last[dc] = step.id }
        }
        firstOfDC = Set(first.values)
        lastOfDC = Set(last.values)
    }

    /// Which hook.
    public enum Point: String, Sendable {
        case beforeStep, afterStep, beforeDC, afterDC, onFailure
    }

    /// The hooks to run around `step`, in order, before it (`after` false) or after it.
    public func points(for step: Step, after: Bool) -> [Point] {
        if after {
            return [.afterStep] + (lastOfDC.contains(step.id) ? [.afterDC] : [])
        }
        return (firstOfDC.contains(step.id) ? [.beforeDC] : []) + [.beforeStep]
    }

    /// Runs the hook `point` for `step`; nil when it succeeded or is not set, else why it failed.
    public func run(_ point: Point, step: Step, reason: String? = nil) async -> String? {
        let command: String?
        switch point {
        case .beforeStep: command = hooks.beforeStep
        case .afterStep: command = hooks.afterStep
        case .beforeDC: command = hooks.beforeDC
        case .afterDC: command = hooks.afterDC
        case .onFailure: command = hooks.onFailure
        }
        guard let command else { return nil }
        var variables = [
            "HOOK": point.rawValue, "STEP_ID": step.id, "STEP_KIND": step.kind.rawValue,
            "NODES": step.nodes.joined(separator: ","), "DC": step.datacenter ?? "", "SYSTEM": system,
        ]
        if let reason { variables["REASON"] = reason }
        return await ShellCommand.run(command, label: "hook \(point.rawValue)", variables: variables, timeout: timeout)
    }
}
