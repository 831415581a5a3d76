import Yams

/// Reads typed values out of a composed YAML document, recording every problem as `file:line: path: message`.
struct ConfigReader {
    /// File name used in problems.
    let file: String
    /// Problems found so far.
    private(set) var problems: [(line: Int, text: String)] = []

    /// Records a problem at a node's line.
    mutating func report(_ node: Yams.Node?, _ path: String, _ message: String) {
        let line = (node?.mark?.line).map { $0 } ?? 0
        problems.append((line, "\(file):\(line): \(path): \(message)"))
    }

    /// A mapping's values by key; unknown keys and missing required ones are reported.
    mutating func fields(
        _ node: Yams.Node, _ path: String, required: [String], optional: [String]
    ) -> [String: Yams.Node] {
        guard case let .mapping(mapping) = node else {
            report(node, path, "expected a mapping with keys \((required + optional).joined(separator: ", "))")
            return [:]
        }
        var values: [String: Yams.Node] = [:]
        for (key, value) in mapping {
            let name = key.scalar?.string ?? ""
            guard (required + optional).contains(name) else {
                report(key, join(path, name),
                       "unknown key \"\(name)\" (known: \((required + optional).sorted().joined(separator: ", ")))")
                continue
            }
            values[name] = value
        }
        for name in required where values[name] == nil {
            report(node, join(path, name), "missing required field \"\(name)\"")
        }
        return values
    }

    /// A non-empty text value.
    mutating func string(_ node: Yams.Node?, _ path: String) -> String? {
        guard let node else { return nil }
        guard case let .scalar(scalar) = node, !scalar.string.isEmpty, scalar.string != "~" else {
            report(node, path, "expected a non-empty text value")
            return nil
        }
        return scalar.string
    }

    /// A whole number in a range.
    mutating func int(_ node: Yams.Node?, _ path: String, in range: ClosedRange<Int>) -> Int? {
        guard let node else { return nil }
        guard let value = node.scalar.flatMap({ Int($0.string) }), range.contains(value) else {
            report(node, path, "expected a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    /// A list of non-empty text values.
    mutating func strings(_ node: Yams.Node?, _ path: String, allowEmpty: Bool = false) -> [String]? {
        guard let node else { return nil }
        guard case let .sequence(sequence) = node else {
            report(node, path, "expected a list of text values")
            return nil
        }
        let values = sequence.enumerated().compactMap { string($0.element, "\(path)[\($0.offset)]") }
        guard values.count == sequence.count else { return nil }
        if values.isEmpty && !allowEmpty { report(node, path, "must not be empty") }
        return values
    }

    /// A list's elements.
    mutating func sequence(_ node: Yams.Node?, _ path: String) -> [Yams.Node] {
        guard let node else { return [] }
        guard case let .sequence(sequence) = node else {
            report(node, path, "expected a list")
            return []
        }
        return Array(sequence)
    }

    /// `commands:`: operation key to argument vector.
    mutating func commands(_ node: Yams.Node?, _ path: String) -> [OperationKey: CommandSpec] {
        guard let node else { return [:] }
        let values = fields(node, path, required: [], optional: OperationKey.allCases.map(\.rawValue))
        var commands: [OperationKey: CommandSpec] = [:]
        for (name, value) in values {
            guard let key = OperationKey(rawValue: name), let argv = strings(value, join(path, name)) else { continue }
            commands[key] = CommandSpec(argv)
        }
        return commands
    }

    /// A secret given as `<name>File` (a file holding it) or `<name>Env` (an environment variable); at most one,
    /// exactly one when `required`.
    mutating func secret(
        _ fields: [String: Yams.Node], _ node: Yams.Node, _ path: String, name: String, required: Bool
    ) -> SecretSource? {
        let file = string(fields["\(name)File"], "\(path).\(name)File")
        switch (file, string(fields["\(name)Env"], "\(path).\(name)Env")) {
        case let (file?, nil): return .file(file)
        case let (nil, variable?): return .environment(variable)
        case (nil, nil) where !required: return nil
        default:
            report(node, path, "set \(required ? "exactly" : "at most") one of \(name)File (a file holding the "
                + "\(name)) or \(name)Env (the name of an environment variable holding it)")
            return nil
        }
    }

    /// A `-m` stop mode: C or A; S is refused with the reason (docs/ae-model.md AE-SM-1).
    mutating func stopMode(_ node: Yams.Node?, _ path: String) -> StopMode? {
        guard let text = string(node, path) else { return nil }
        switch StopMode.parse(text) {
        case .success(let mode): return mode
        case .failure(let refusal):
            report(node, path, refusal.reason)
            return nil
        }
    }

    /// Joins a path and a key.
    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The problems in line order.
    var sortedProblems: [String] {
        problems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            .map(\.element.text)
    }
}
