/// One service of a ServiceManager environment as `GET_PROCESS_LIST` lists it.
public struct ServiceEntry: Sendable, Equatable {
    /// Service name, e.g. `UC4 WP1`.
    public var name: String
    /// Whether the service's process runs.
    public var running: Bool
    /// Operating-system process id, when running.
    public var pid: Int?
    /// Start time as printed, when running and printed.
    public var started: String?

    /// Creates an entry.
    public init(name: String, running: Bool, pid: Int? = nil, started: String? = nil) {
        self.name = name
        self.running = running
        self.pid = pid
        self.started = started
    }
}

/// Strict parser of `ucybsmcl -c GET_PROCESS_LIST` output (formats: docs/node.md, "ucybsmcl output").
///
/// The documentation does not give the format (docs/ae-model.md AE-SM-1). Two forms are read, one service per line:
/// - quoted fields, as public tools read them: `"<service>" "R" "<pid>" "<start time>" ["<runtime>" "<cpu time>"]`
///   (running) or `"<service>" "S" [""...]` (stopped);
/// - the older form with bare fields: `"<service>" R <pid> <start time>` or `"<service>" S`.
///
/// Blank lines are skipped; any other line is an error quoting it, so a changed output format never turns into a
/// wrong state ("unknown", never "stopped").
public enum ProcessListParser {
    /// Parses the whole output; throws on the first line it does not understand.
    public static func parse(_ output: String) throws(NodeAgentError) -> [ServiceEntry] {
        var entries: [ServiceEntry] = []
        // "\r\n" is one Character in Swift: split at every newline character so CRLF output (Windows) reads too.
        for (index, line) in output.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            guard let fields = fields(of: Substring(line)), let entry = entry(fields) else {
                throw .unparsableProcessList(line: index + 1, text: String(line))
            }
            entries.append(entry)
        }
        return entries
    }

    /// One field of a line and whether it was double-quoted.
    private typealias Field = (text: String, quoted: Bool)

    private static func entry(_ fields: [Field]) -> ServiceEntry? {
        guard fields.count >= 2, fields[0].quoted, !fields[0].text.isEmpty else { return nil }
        let name = fields[0].text, status = fields[1], rest = fields.dropFirst(2)
        if status.quoted {
            // Quoted form: every field quoted; a stopped service may carry empty fields.
            guard rest.allSatisfy(\.quoted) else { return nil }
            switch status.text {
            case "S": return ServiceEntry(name: name, running: false)
            case "R":
                guard let pid = rest.first.flatMap({ Int($0.text) }), pid > 0 else { return nil }
                let started = rest.dropFirst().first.map(\.text).flatMap { $0.isEmpty ? nil : $0 }
                return ServiceEntry(name: name, running: true, pid: pid, started: started)
            default: return nil
            }
        }
        guard rest.allSatisfy({ !$0.quoted }) else { return nil }
        switch status.text {
        case "S" where rest.isEmpty: return ServiceEntry(name: name, running: false)
        case "R" where rest.count >= 2:
            guard let pid = Int(rest[rest.startIndex].text), pid > 0 else { return nil }
            return ServiceEntry(
                name: name, running: true, pid: pid, started: rest.dropFirst().map(\.text).joined(separator: " "))
        default: return nil
        }
    }

    /// Splits a line at blanks into bare and double-quoted fields; nil when a quote is not closed or a field mixes
    /// quoted and bare text.
    private static func fields(of line: Substring) -> [Field]? {
        var fields: [Field] = []
        var index = line.startIndex
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        while index < line.endIndex {
            if blank(line[index]) {
                index = line.index(after: index)
                continue
            }
            if line[index] == "\"" {
                let start = line.index(after: index)
                guard let close = line[start...].firstIndex(of: "\"") else { return nil }
                let after = line.index(after: close)
                guard after == line.endIndex || blank(line[after]) else { return nil }
                fields.append((String(line[start..<close]), true))
                index = after
            } else {
                let end = line[index...].firstIndex(where: blank) ?? line.endIndex
                let word = line[index..<end]
                guard !word.contains("\"") else { return nil }
                fields.append((String(word), false))
                index = end
            }
        }
        return fields
    }
}
