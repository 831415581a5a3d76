import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs external commands (`ucybsmcl`, configured operation commands) with a timeout through swift-subprocess,
/// collecting exit code, stdout and stderr; secrets are masked in everything it returns.
public struct CommandRunner: Sendable {
    /// Strings never returned in output (phrase, token, credentials).
    public let secrets: [String]
    /// Extra environment for every command.
    public let environment: [String: String]

    /// Creates a runner that masks `secrets`.
    public init(secrets: [String], environment: [String: String] = [:]) {
        self.secrets = secrets.filter { !$0.isEmpty }
        self.environment = environment
    }

    /// Runs `argv` for at most `timeout`; never throws: a failure to start or a timeout is an abnormal result.
    public func run(_ argv: [String], timeout: Duration, extraEnvironment: [String: String] = [:]) async
        -> CommandResult {
        let shown = argv.map(mask)
        guard let executable = argv.first else {
            return CommandResult(argv: [], exitCode: nil, stdout: "", stderr: "", abnormal: "is an empty command")
        }
        var updates: [Environment.Key: String?] = [:]
        for (key, value) in environment.merging(extraEnvironment, uniquingKeysWith: { $1 }) {
            if let name = Environment.Key(rawValue: key) { updates[name] = value }
        }
        let env = Environment.inherit.updating(updates)
        let target: Executable = executable.contains("/") ? .path(FilePath(executable)) : .name(executable)
        let arguments = Arguments(Array(argv.dropFirst()))
        return await withTaskGroup(of: CommandResult?.self) { group in
            group.addTask {
                do {
                    let result = try await Subprocess.run(
                        target, arguments: arguments, environment: env,
                        output: .string(limit: 1 << 20), error: .string(limit: 1 << 20))
                    let code: Int32?
                    var abnormal: String?
                    switch result.terminationStatus {
                    case .exited(let value): code = value
                    case .signaled(let signal): code = nil; abnormal = "was killed by signal \(signal)"
                    }
                    return CommandResult(
                        argv: shown, exitCode: code, stdout: mask(result.standardOutput),
                        stderr: mask(result.standardError), abnormal: abnormal)
                } catch is CancellationError {
                    return nil
                } catch {
                    if Task.isCancelled { return nil }
                    return CommandResult(
                        argv: shown, exitCode: nil, stdout: "", stderr: "",
                        abnormal: "could not run: \(mask(String(describing: error)))")
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                if Task.isCancelled { return nil }
                return CommandResult(
                    argv: shown, exitCode: nil, stdout: "", stderr: "",
                    abnormal: "did not finish within \(timeout) and was killed")
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? CommandResult(argv: shown, exitCode: nil, stdout: "", stderr: "", abnormal: "was cancelled")
        }
    }

    /// Replaces every secret in a text by `***`.
    public func mask(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }
}
