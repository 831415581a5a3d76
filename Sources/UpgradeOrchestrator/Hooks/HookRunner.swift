import Foundation
import Subprocess
import UpgradePlan

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs the topology's hooks (`policy.hooks`) with `/bin/sh -c`, the step's STEP_ID, STEP_KIND, NODES, DC and
/// SYSTEM (plus HOOK, and REASON for onFailure) in the environment, killed after `policy.hookTimeoutSeconds`.
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
        var environment: [Environment.Key: String?] = [
            "HOOK": point.rawValue, "STEP_ID": step.id, "STEP_KIND": step.kind.rawValue,
            "NODES": step.nodes.joined(separator: ","), "DC": step.datacenter ?? "", "SYSTEM": system,
        ]
        if let reason { environment["REASON"] = reason }
        let env = Environment.inherit.updating(environment)
        let timeout = self.timeout
        var options = PlatformOptions()
        options.createSession = true  // its own process group: a timeout ends the commands the shell started too
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .seconds(1))]
        let platformOptions = options
        return await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    let result = try await Subprocess.run(
                        .path(FilePath("/bin/sh")), arguments: ["-c", command], environment: env,
                        platformOptions: platformOptions, output: .discarded, error: .string(limit: 64 * 1024))
                    if case .exited(0) = result.terminationStatus { return nil }
                    let stderr = result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
                    return "hook \(point.rawValue) (\(command)) \(result.terminationStatus)"
                        + (stderr.isEmpty ? "" : ": \(stderr.suffix(300))")
                } catch is CancellationError {
                    return "hook \(point.rawValue) (\(command)) timed out after \(timeout)"
                } catch {
                    return "hook \(point.rawValue) (\(command)) could not run: \(error)"
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return Task.isCancelled ? nil : "hook \(point.rawValue) (\(command)) timed out after \(timeout)"
            }
            // Whichever ends first decides: the hook's answer, or the timer's timeout (then the hook is killed).
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
