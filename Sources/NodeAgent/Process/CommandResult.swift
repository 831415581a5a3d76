/// What one command run produced.
public struct CommandResult: Sendable, Equatable {
    /// The argument vector that ran (secrets replaced by `***`).
    public var argv: [String]
    /// Exit code; nil when the command was killed (timeout, signal) or could not start.
    public var exitCode: Int32?
    /// Standard output (secrets replaced by `***`).
    public var stdout: String
    /// Standard error (secrets replaced by `***`).
    public var stderr: String
    /// Why the command did not finish by itself (timeout, signal, not executable), else nil.
    public var abnormal: String?

    /// Creates a result.
    public init(argv: [String], exitCode: Int32?, stdout: String, stderr: String, abnormal: String? = nil) {
        self.argv = argv
        self.exitCode = exitCode
        self.stdout = stdout
        self.stderr = stderr
        self.abnormal = abnormal
    }

    /// Exited with 0.
    public var succeeded: Bool { exitCode == 0 && abnormal == nil }

    /// One-sentence failure reason naming the command, its exit and its stderr (empty when it succeeded).
    public var failureReason: String {
        let name = argv.first ?? "command"
        let how = abnormal ?? "exited with \(exitCode.map(String.init) ?? "?")"
        let err = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        return "\(name) \(how)" + (err.isEmpty ? "" : ": \(err)")
    }
}
