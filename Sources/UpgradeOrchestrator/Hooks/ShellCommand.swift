import Foundation
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs an operator's command (a hook, a site's wizard script) with `/bin/sh -c` in its own process group, killed
/// after a timeout. The environment is this process's, with `variables` added and the bearer token's variable
/// removed: a command never inherits the token aeupgrade talks to the nodes with.
public enum ShellCommand {
    /// Environment variables never passed to a command.
    public static let withheld = ["AEUPGRADE_TOKEN"]

    /// Runs `command`; nil when it exited 0, else why not (`label` names it: "hook afterStep (…)").
    public static func run(
        _ command: String, label: String, variables: [String: String], timeout: Duration
    ) async -> String? {
        var environment: [Environment.Key: String?] = [:]
        for name in withheld { environment[Environment.Key(stringLiteral: name)] = .some(nil) }
        for (name, value) in variables { environment[Environment.Key(stringLiteral: name)] = value }
        let env = Environment.inherit.updating(environment)
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
                    return "\(label) (\(command)) \(result.terminationStatus)"
                        + (stderr.isEmpty ? "" : ": \(stderr.suffix(300))")
                } catch is CancellationError {
                    return "\(label) (\(command)) timed out after \(timeout)"
                } catch {
                    return "\(label) (\(command)) could not run: \(error)"
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return Task.isCancelled ? nil : "\(label) (\(command)) timed out after \(timeout)"
            }
            // Whichever ends first decides: the command's answer, or the timer's timeout (then it is killed).
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
