import Yams

/// Reads typed values out of a composed YAML (or JSON) document.
///
/// Every missing field, wrong type or unknown key is recorded as a problem with its line and field path, and reading
/// goes on, so one run reports everything wrong with the file. The line of every field read is kept for checks that
/// run after reading (duplicates, references).
struct YAMLReader {
    /// The file name used in problems.
    let file: String
    /// Problems found so far, in the order they were found.
    private(set) var problems: [TopologyProblem] = []

    /// The problems in file order (by line; problems of one line in the order they were found).
    var problemsByLine: [TopologyProblem] {
        problems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }
    /// The document read (the node first read at path ""): field lines are looked up in it when asked for, so
    /// reading a large file builds no table of paths.
    private var root: Yams.Node?

    /// A reader for the file named `file`.
    init(file: String) { self.file = file }

    /// Records a problem.
    mutating func report(line: Int, path: String, _ message: String) {
        problems.append(TopologyProblem(file: file, line: line, path: path, message: message))
    }

    /// The line of a field path of the document, e.g. `nodes[1].datacenter` -> 17: of the key for a field, of the
    /// element for a list entry; 0 when the document has no such path.
    func line(_ path: String) -> Int {
        guard var node = root else { return 0 }
        var line = lineOf(node)
        var rest = Substring(path)
        while !rest.isEmpty {
            if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]"), let index = Int(rest[rest.index(after: rest.startIndex)..<close]),
                    case let .sequence(sequence) = node, sequence.indices.contains(index) else { return 0 }
                node = sequence[index]
                line = lineOf(node)
                rest = rest[rest.index(after: close)...]
            } else {
                if rest.hasPrefix(".") { rest = rest.dropFirst() }
                let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
                let key = rest[..<end]
                guard case let .mapping(mapping) = node,
                    let pair = mapping.first(where: { $0.key.scalar?.string == String(key) }) else { return 0 }
                node = pair.value
                line = lineOf(pair.key)
                rest = rest[end...]
            }
        }
        return line
    }

    /// Joins a field path and a key.
    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// A mapping's fields by key, after reporting unknown keys and missing required ones.
    mutating func fields(_ node: Yams.Node, at path: String, required: [String], optional: [String]) -> Fields? {
        if path.isEmpty && root == nil { root = node }
        guard case let .mapping(mapping) = node else {
            report(line: lineOf(node), path: path, "expected a mapping with keys \(list(required + optional)), "
                + "found \(Self.describe(node))")
            return nil
        }
        let known = required + optional
        var values: [String: Yams.Node] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.scalar?.string ?? ""
            guard known.contains(key) else {
                report(line: lineOf(keyNode), path: Self.join(path, MessageCap.value(key)),
                       "unknown key \"\(MessageCap.value(key))\"\(Self.suggestion(for: key, in: known)) "
                        + "(known: \(list(known)))")
                continue
            }
            values[key] = value
        }
        for key in required where values[key] == nil {
            report(line: lineOf(node), path: Self.join(path, key), "missing required field \"\(key)\"")
        }
        return Fields(path: path, values: values)
    }

    /// A non-empty string scalar.
    mutating func string(_ node: Yams.Node, at path: String) -> String? {
        guard case let .scalar(scalar) = node, !Self.isNull(node) else {
            report(line: lineOf(node), path: path, "expected a text value, found \(Self.describe(node))")
            return nil
        }
        guard !scalar.string.isEmpty else {
            report(line: lineOf(node), path: path, "must not be empty")
            return nil
        }
        return scalar.string
    }

    /// A whole number of at least `minimum`.
    mutating func int(_ node: Yams.Node, at path: String, minimum: Int, maximum: Int = 1_000_000_000) -> Int? {
        guard let text = Self.plain(node), let value = Int(text) else {
            report(line: lineOf(node), path: path, "expected a whole number, found \(Self.describe(node))")
            return nil
        }
        guard value >= minimum else {
            report(line: lineOf(node), path: path, "must be at least \(minimum), found \(value)")
            return nil
        }
        guard value <= maximum else {
            report(line: lineOf(node), path: path, "must be at most \(maximum), found \(value)")
            return nil
        }
        return value
    }

    /// `true` or `false`.
    mutating func bool(_ node: Yams.Node, at path: String) -> Bool? {
        guard let text = Self.plain(node), let value = ["true": true, "false": false][text.lowercased()] else {
            report(line: lineOf(node), path: path, "expected true or false, found \(Self.describe(node))")
            return nil
        }
        return value
    }

    /// A duration in seconds: `90`, `30s`, `10m`, `2h`, `1h30m`.
    mutating func duration(_ node: Yams.Node, at path: String) -> Int? {
        guard case let .scalar(scalar) = node, let seconds = DurationText.seconds(scalar.string) else {
            report(line: lineOf(node), path: path,
                   "bad duration \(Self.describe(node)) (write seconds like 90, or 30s, 10m, 2h, 1h30m; at most 30 days)")
            return nil
        }
        return seconds
    }

    /// The elements of a sequence, each with its path `path[i]`.
    mutating func elements(_ node: Yams.Node, at path: String, what: String) -> [(path: String, node: Yams.Node)]? {
        guard case let .sequence(sequence) = node else {
            report(line: lineOf(node), path: path, "expected a list of \(what), found \(Self.describe(node))")
            return nil
        }
        return sequence.enumerated().map { index, element in ("\(path)[\(index)]", element) }
    }

    /// A list of strings; nil (with problems reported) when the list or any element is not a string.
    mutating func strings(_ node: Yams.Node, at path: String, what: String) -> [String]? {
        guard let elements = elements(node, at: path, what: what) else { return nil }
        var result: [String] = []
        var complete = true
        for element in elements {
            if let value = string(element.node, at: element.path) { result.append(value) } else { complete = false }
        }
        return complete ? result : nil
    }

    /// The line of a node (1-based), 0 when Yams gave none.
    func lineOf(_ node: Yams.Node) -> Int { node.mark?.line ?? 0 }

    private func list(_ keys: [String]) -> String { keys.joined(separator: ", ") }  // the schema's keys: a few

    /// The text of an unquoted scalar (numbers, booleans and null are only recognised unquoted, as in YAML).
    ///
    /// Documents are composed with Yams' basic resolver (no regex tag resolution: several times faster on large
    /// farms), so the few typed values the schema has are recognised here.
    static func plain(_ node: Yams.Node) -> String? {
        guard case let .scalar(scalar) = node, scalar.style == .plain else { return nil }
        return scalar.string
    }

    /// Whether a node is YAML's null: an unquoted empty value, `~` or `null`.
    static func isNull(_ node: Yams.Node) -> Bool {
        guard let text = plain(node) else { return false }
        return text.isEmpty || text == "~" || text.lowercased() == "null"
    }

    /// How a node looks, for messages: `"four"`, `a list`, `a mapping`, `nothing`.
    static func describe(_ node: Yams.Node) -> String {
        switch node {
        case let .scalar(scalar):
            return isNull(node) ? "nothing (null)" : "\"\(MessageCap.value(scalar.string))\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// ` (did you mean "x"?)` when a known key is within two edits of `key`, else empty.
    static func suggestion(for key: String, in known: [String]) -> String {
        guard key.utf8.count <= MessageCap.valueLength else { return "" }  // no edit distance of a huge key
        let scored = known.map { ($0, EditDistance.between(key.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return "" }
        return " (did you mean \"\(best.0)\"?)"
    }

    /// The fields of one mapping, by key.
    struct Fields {
        /// The mapping's field path.
        let path: String
        /// Values by key (known keys only).
        let values: [String: Yams.Node]

        /// The value of a key, with its field path.
        subscript(key: String) -> (path: String, node: Yams.Node)? {
            values[key].map { (YAMLReader.join(path, key), $0) }
        }
    }
}

extension YAMLReader {
    /// Deepest nesting of collections a file may have; topology and plan files need fewer than 10 levels.
    static let maxNesting = 64

    /// The first line where `text` nests collections deeper than `limit`, as a problem, or nil.
    ///
    /// A linear scan of the text, meant to run before it is composed (composing a deeply nested 1 MB file takes
    /// seconds): block nesting by indentation (a `- ` entry one level inside the key above it at the same
    /// indentation) and by `- ` entries nested on one line, flow nesting by `[` and `{` outside quotes, comments and
    /// block scalars. It can count a level less than YAML for compact forms (`- key: value`); the limit is far above
    /// what real files need.
    static func nestingProblem(in text: String, file: String, limit: Int = maxNesting) -> TopologyProblem? {
        var indents: [Int] = []  // block levels open above the current line: indentation × 2, + 1 for a `- ` entry
        var flow = 0  // open `[` and `{`
        var quote: UInt8?  // the open quote, across lines
        var blockScalar: Int?  // indentation of the line that opened a `|` or `>` scalar
        var number = 0
        for line in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            let body = Array(line.drop { $0 == 0x20 })
            let indent = line.count - body.count
            if let parent = blockScalar {
                if body.isEmpty || indent > parent { continue }
                blockScalar = nil
            }
            if quote == nil && (body.isEmpty || body[0] == 0x23) { continue }  // blank, or a comment line
            var depth = flow
            if quote == nil && flow == 0 {
                let level = indent * 2 + (body.first == 0x2D && (body.count == 1 || body[1] == 0x20) ? 1 : 0)
                while let last = indents.last, last >= level { indents.removeLast() }
                indents.append(level)
                depth = indents.count
            }
            var previous: UInt8 = 0x20
            var index = 0
            scan: while index < body.count {
                let byte = body[index]
                let next = index + 1 < body.count ? body[index + 1] : 0x20
                let startsValue = [0x20, 0x3A, 0x2C, 0x5B, 0x7B, 0x2D, 0x3F].contains(previous)
                if let open = quote {
                    if byte == 0x5C && open == 0x22 { index += 1 } else if byte == open { quote = nil }
                } else if (byte == 0x22 || byte == 0x27) && startsValue {
                    quote = byte
                } else if byte == 0x23 && previous == 0x20 {
                    break scan  // a comment: the rest of the line
                } else if (byte == 0x5B || byte == 0x7B) && (flow > 0 || startsValue) {
                    flow += 1
                    depth += 1
                } else if (byte == 0x5D || byte == 0x7D) && flow > 0 {
                    flow -= 1
                    depth -= 1
                } else if byte == 0x2D && flow == 0 && index > 0 && previous == 0x20 && next == 0x20 {
                    depth += 1  // `- - x`: a sequence nested on the same line
                } else if (byte == 0x7C || byte == 0x3E) && flow == 0 && previous == 0x20 {
                    let modifiers = body[(index + 1)...].prefix { $0 != 0x20 }
                    let rest = body[(index + 1 + modifiers.count)...].drop { $0 == 0x20 }
                    if modifiers.allSatisfy({ $0 == 0x2D || $0 == 0x2B || (0x30...0x39).contains($0) }),
                        rest.first.map({ $0 == 0x23 }) ?? true
                    {
                        blockScalar = indent
                        break scan
                    }
                }
                if depth > limit {
                    return TopologyProblem(
                        file: file, line: number, path: "",
                        message: "collections nested more than \(limit) levels deep; a topology or plan file needs "
                            + "only a few: check the brackets and indentation up to this line")
                }
                previous = byte
                index += 1
            }
        }
        return nil
    }
}
