/// Why `aeupgrade-node` could not read a node's state or perform an operation.
public enum NodeAgentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `GET_PROCESS_LIST` printed a line in neither of the formats it reads.
    case unparsableProcessList(line: Int, text: String)
    /// `ucybsmcl` failed (exit code, stderr).
    case serviceManagerFailed(node: String, command: String, reason: String)
    /// A configured service is not in the ServiceManager's list.
    case unknownService(node: String, service: String)
    /// A configured query command failed or printed something unexpected.
    case queryFailed(key: String, reason: String)
    /// What the request needs is not configured in node.yaml (answered 501: retrying does not help).
    case notConfigured(node: String, field: String, reason: String)
    /// The binaries directories could not be read.
    case binaries(node: String, reason: String)
    /// The state directory could not be read or written.
    case stateDirectory(path: String, reason: String)

    /// What went wrong and what to check.
    public var description: String {
        switch self {
        case let .unparsableProcessList(line, text):
            return "ucybsmcl GET_PROCESS_LIST output line \(line) is in neither format aeupgrade-node reads "
                + "(\"<service>\" \"R\" \"<pid>\" \"<start time>\"... | \"<service>\" \"S\", or "
                + "\"<service>\" R <pid> <start time> | \"<service>\" S; docs/node.md): \"\(text)\""
        case let .serviceManagerFailed(node, command, reason):
            return "\(node): ucybsmcl -c \(command) failed: \(reason); check serviceManager in node.yaml"
        case let .unknownService(node, service):
            return "\(node): service \"\(service)\" is not in the ServiceManager's process list; "
                + "check base/target services of \(node) in node.yaml and the ServiceManager's SMC file"
        case let .queryFailed(key, reason):
            return "\(key) failed: \(reason)"
        case let .notConfigured(node, field, reason):
            return "\(node): \(field) is not configured in node.yaml: \(reason)"
        case let .binaries(node, reason):
            return "\(node): binaries: \(reason)"
        case let .stateDirectory(path, reason):
            return "state directory \(path): \(reason)"
        }
    }
}
