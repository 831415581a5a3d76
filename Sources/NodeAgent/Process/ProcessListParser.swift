/// One service of a ServiceManager environment as `GET_PROCESS_LIST` lists it.
public struct ServiceEntry: Sendable, Equatable {
    /// Service name, e.g. `UC4 WP1`.
    public var name: String
    /// Whether the service's process runs.
    public var running: Bool
    /// Operating-system process id, when running.
    public var pid: Int?
    /// Start time as printed, when running.
    public var started: String?

    /// Creates an entry.
    public init(name: String, running: Bool, pid: Int? = nil, started: String? = nil) {
        self.name = name
        self.running = running
        self.pid = pid
        self.started = started
    }
}

/// Strict parser of `ucybsmcl -c GET_PROCESS_LIST` output (format: docs/node.md, "ucybsmcl output").
///
/// Each non-blank line is `"<service>" R <pid> <start time>` (running) or `"<service>" S` (stopped), fields separated
/// by blanks; any other line is an error quoting it, so a changed output format never turns into a wrong state.
public enum ProcessListParser {
    /// Parses the whole output; throws on the first line it does not understand.
    public static func parse(_ output: String) throws(NodeAgentError) -> [ServiceEntry] {
        var entries: [ServiceEntry] = []
        for (index, raw) in output.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            guard let entry = parseLine(Substring(line)) else {
                throw .unparsableProcessList(line: index + 1, text: String(line))
            }
            entries.append(entry)
        }
        return entries
    }

    private static func parseLine(_ line: Substring) -> ServiceEntry? {
        guard line.first == "\"" else { return nil }
        let afterQuote = line.dropFirst()
        guard let close = afterQuote.firstIndex(of: "\"") else { return nil }
        let name = String(afterQuote[..<close])
        guard !name.isEmpty else { return nil }
        let rest = afterQuote[afterQuote.index(after: close)...]
        guard rest.first == " " || rest.first == "\t" else { return nil }
        let fields = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
        switch fields.first {
        case "S" where fields.count == 1:
            return ServiceEntry(name: name, running: false)
        case "R" where fields.count >= 3:
            guard let pid = Int(fields[1]), pid > 0 else { return nil }
            return ServiceEntry(name: name, running: true, pid: pid, started: fields[2...].joined(separator: " "))
        default:
            return nil
        }
    }
}
