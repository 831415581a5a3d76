/// Why `aeupgrade-node` could not read a node's state or perform an operation.
public enum NodeAgentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `GET_PROCESS_LIST` printed a line that is not in the documented format.
    case unparsableProcessList(line: Int, text: String)
    /// `ucybsmcl` failed (exit code, stderr).
    case serviceManagerFailed(node: String, command: String, reason: String)
    /// A configured service is not in the ServiceManager's list.
    case unknownService(node: String, service: String)
    /// A configured query command failed or printed something unexpected.
    case queryFailed(key: String, reason: String)
    /// The binaries directory or version files could not be read.
    case binaries(node: String, reason: String)
    /// The state directory could not be read or written.
    case stateDirectory(path: String, reason: String)

    /// What went wrong and what to check.
    public var description: String {
        switch self {
        case let .unparsableProcessList(line, text):
            return "ucybsmcl GET_PROCESS_LIST output line \(line) is not in the expected format "
                + "(\"<service>\" R <pid> <start time> | \"<service>\" S): \"\(text)\""
        case let .serviceManagerFailed(node, command, reason):
            return "\(node): ucybsmcl -c \(command) failed: \(reason); check serviceManager in node.yaml"
        case let .unknownService(node, service):
            return "\(node): service \"\(service)\" is not in the ServiceManager's process list; "
                + "check wpServices/cpServices in node.yaml"
        case let .queryFailed(key, reason):
            return "commands.\(key) failed: \(reason)"
        case let .binaries(node, reason):
            return "\(node): binaries: \(reason)"
        case let .stateDirectory(path, reason):
            return "state directory \(path): \(reason)"
        }
    }
}
