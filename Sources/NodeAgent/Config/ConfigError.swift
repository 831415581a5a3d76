/// Why `node.yaml` (or a file it names) could not be used.
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read or is not YAML.
    case unreadable(file: String, reason: String)
    /// Problems found in the file, each `file:line: field.path: message`, in file order.
    case invalid(problems: [String])
    /// A secret (token, phrase, credentials) could not be read; the message names the source, never the value.
    case secretUnavailable(field: String, source: String, reason: String)

    /// What is wrong and where.
    public var description: String {
        switch self {
        case let .unreadable(file, reason): return "\(file): cannot read the configuration: \(reason)"
        case let .invalid(problems): return problems.joined(separator: "\n")
        case let .secretUnavailable(field, source, reason): return "\(field): cannot read \(source): \(reason)"
        }
    }
}
