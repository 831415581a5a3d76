/// Why an input file (a topology, or a saved plan file) could not be used.
///
/// Every problem found in the file is listed, so an operator fixes them all in one round.
public enum TopologyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read at all (missing, unreadable, not UTF-8).
    case unreadable(file: String, reason: String)
    /// The file was read but is not a valid topology or plan file; every problem found is listed, in file order.
    case invalid(file: String, problems: [TopologyProblem])

    /// The problems, one per line, each `file:line: field.path: message`.
    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read the file: \(reason)"
        case let .invalid(_, problems):
            return problems.map(\.description).joined(separator: "\n")
        }
    }

    /// The problems found (a single one for an unreadable file, with line 0).
    public var problems: [TopologyProblem] {
        switch self {
        case let .unreadable(file, reason):
            return [TopologyProblem(file: file, line: 0, path: "", message: "cannot read the file: \(reason)")]
        case let .invalid(_, problems):
            return problems
        }
    }
}

/// One problem in an input file, located by line and field path.
public struct TopologyProblem: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// The 1-based line of the offending field; 0 when the problem concerns the whole file.
    public var line: Int
    /// The field path, e.g. `nodes[2].datacenter`; empty for problems of the whole document.
    public var path: String
    /// What is wrong and, where it helps, what is allowed; at most `MessageCap.messageLength` characters.
    public var message: String

    /// Creates a problem.
    public init(file: String, line: Int, path: String, message: String) {
        self.file = file
        self.line = line
        self.path = MessageCap.value(path)
        self.message = MessageCap.message(message)
    }

    /// `file:line: field.path: message` (the path part left out when empty, the line when 0).
    public var description: String {
        let location = line > 0 ? "\(file):\(line)" : file
        return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}
