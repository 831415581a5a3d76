import Yams

/// Reads the `policy` section of a topology; every key is optional and takes `Policy`'s safe default.
struct PolicyReader {
    /// The reader holding problems and field lines.
    var reader: YAMLReader

    /// Keys of `policy`. `stepTimeoutSeconds` is the name used in plan files; `stepTimeout` the one operators write.
    static let keys = [
        "minActiveCPs", "minRunningWPs", "maxNodesDownPerDC", "gateBetweenDCs", "zduPathConfirmed", "onFailure",
        "durations", "retries", "stepTimeout", "stepTimeoutSeconds", "hooks", "hookTimeout", "hookTimeoutSeconds",
        "onCrashedTargetProcess", "maxRestarts",
    ]
    /// Keys of `policy.durations`.
    static let durationKeys = [
        "binariesStage", "processesStart", "agentsReconnect", "dbLoad", "wizardStep", "operation", "pwpTakeover",
    ]

    /// The policy, or nil when any of its fields has a problem.
    mutating func read(_ node: Yams.Node, at path: String) -> Policy? {
        if case .mapping(let mapping) = node,
            let key = mapping.keys.first(where: { $0.scalar?.string == "autoFinalize" }) {
            reader.report(line: reader.lineOf(key), path: YAMLReader.join(path, "autoFinalize"),
                          "autoFinalize is gone: zdu.finalize is step 5 of the AWI System Upgrade wizard, which the "
                            + "operator performs (docs/ae-model.md AE-ZDU-1, AE-ZDU-5); remove the key")
            return nil
        }
        guard let fields = reader.fields(node, at: path, required: [], optional: Self.keys) else { return nil }
        var policy = Policy()
        var ok = true
        func take<T>(_ value: T?, into keyPath: WritableKeyPath<Policy, T>) {
            if let value { policy[keyPath: keyPath] = value } else { ok = false }
        }
        if let field = fields["minActiveCPs"] {
            take(reader.int(field.node, at: field.path, minimum: 0), into: \.minActiveCPs)
        }
        if let field = fields["minRunningWPs"] {
            take(reader.int(field.node, at: field.path, minimum: 0), into: \.minRunningWPs)
        }
        if let field = fields["maxNodesDownPerDC"] {
            take(reader.int(field.node, at: field.path, minimum: 1), into: \.maxNodesDownPerDC)
        }
        if let field = fields["gateBetweenDCs"] { take(readGate(field.node, at: field.path), into: \.gateBetweenDCs) }
        if let field = fields["zduPathConfirmed"] {
            take(reader.bool(field.node, at: field.path), into: \.zduPathConfirmed)
        }
        if let field = fields["onFailure"] {
            take(readChoice(field.node, at: field.path, as: FailureAction.self), into: \.onFailure)
        }
        if let field = fields["durations"] { take(readDurations(field.node, at: field.path), into: \.durations) }
        if let field = fields["retries"] { take(reader.int(field.node, at: field.path, minimum: 0), into: \.retries) }
        // A timeout under either of its two names (operators' and plan files'); 0 seconds is refused.
        func takeTimeout(_ keys: [String], into keyPath: WritableKeyPath<Policy, Int>) {
            for key in keys {
                guard let field = fields[key] else { continue }
                let seconds = reader.duration(field.node, at: field.path)
                if seconds == 0 {
                    reader.report(line: reader.lineOf(field.node), path: field.path, "must be longer than 0 seconds")
                    ok = false
                } else {
                    take(seconds, into: keyPath)
                }
            }
        }
        takeTimeout(["stepTimeout", "stepTimeoutSeconds"], into: \.stepTimeoutSeconds)
        if let field = fields["hooks"] { take(readHooks(field.node, at: field.path), into: \.hooks) }
        takeTimeout(["hookTimeout", "hookTimeoutSeconds"], into: \.hookTimeoutSeconds)
        var crashAction: CrashedProcessAction? = .fail
        if let field = fields["onCrashedTargetProcess"] {
            crashAction = readChoice(field.node, at: field.path, as: CrashedProcessAction.self)
            take(crashAction, into: \.onCrashedTargetProcess)
        }
        if let field = fields["maxRestarts"] {
            take(reader.int(field.node, at: field.path, minimum: 1), into: \.maxRestarts)
            if crashAction == .fail {
                reader.report(line: reader.lineOf(field.node), path: field.path,
                              "has no effect unless onCrashedTargetProcess is restart (write "
                                + "onCrashedTargetProcess: restart, or remove maxRestarts)")
                ok = false
            }
        }
        return ok ? policy : nil
    }

    /// `{beforeStep: "cmd", afterStep: ..., beforeDC: ..., afterDC: ..., onFailure: ...}`, each a shell command line.
    private mutating func readHooks(_ node: Yams.Node, at path: String) -> Hooks? {
        guard let fields = reader.fields(node, at: path, required: [], optional: Hooks.names) else { return nil }
        var hooks = Hooks()
        var ok = true
        let targets: [(String, WritableKeyPath<Hooks, String?>)] = [
            ("beforeStep", \.beforeStep), ("afterStep", \.afterStep), ("beforeDC", \.beforeDC),
            ("afterDC", \.afterDC), ("onFailure", \.onFailure),
        ]
        for (key, keyPath) in targets {
            guard let field = fields[key] else { continue }
            guard let command = reader.string(field.node, at: field.path) else { ok = false; continue }
            if command.trimmingCharacters(in: .whitespaces).isEmpty {
                reader.report(line: reader.lineOf(field.node), path: field.path,
                              "empty command (omit the hook instead)")
                ok = false
            }
            hooks[keyPath: keyPath] = command
        }
        return ok ? hooks : nil
    }

    /// `none`, `{soak: 10m}` or `{approval: true}`.
    mutating func readGate(_ node: Yams.Node, at path: String) -> Gate? {
        let forms = "write none, {soak: 10m} or {approval: true}"
        if case let .scalar(scalar) = node {
            if scalar.string == "none" { return Gate.none }
            reader.report(line: reader.lineOf(node), path: path, "unknown gate \"\(scalar.string)\" (\(forms))")
            return nil
        }
        guard case let .mapping(mapping) = node, mapping.count == 1, let entry = mapping.first,
              let key = entry.key.scalar?.string else {
            reader.report(line: reader.lineOf(node), path: path,
                          "expected a gate, found \(YAMLReader.describe(node)) (\(forms))")
            return nil
        }
        let valuePath = YAMLReader.join(path, key)
        switch key {
        case "soak":
            return reader.duration(entry.value, at: valuePath).map { Gate.soak(seconds: $0) }
        case "approval":
            guard let approval = reader.bool(entry.value, at: valuePath) else { return nil }
            guard approval else {
                reader.report(line: reader.lineOf(entry.value), path: valuePath,
                              "approval: false is not a gate (write gateBetweenDCs: none for no gate)")
                return nil
            }
            return .approval
        default:
            reader.report(line: reader.lineOf(entry.key), path: valuePath,
                          "unknown gate \"\(key)\"\(YAMLReader.suggestion(for: key, in: ["soak", "approval"])) "
                            + "(\(forms))")
            return nil
        }
    }

    /// One of `T`'s values, or a problem listing them.
    private mutating func readChoice<T: RawRepresentable & CaseIterable>(
        _ node: Yams.Node, at path: String, as _: T.Type
    ) -> T? where T.RawValue == String {
        guard let text = reader.string(node, at: path) else { return nil }
        guard let value = T(rawValue: text) else {
            let known = T.allCases.map(\.rawValue).joined(separator: ", ")
            reader.report(line: reader.lineOf(node), path: path, "unknown value \"\(text)\" (known: \(known))")
            return nil
        }
        return value
    }

    private mutating func readDurations(_ node: Yams.Node, at path: String) -> Durations? {
        guard let fields = reader.fields(node, at: path, required: [], optional: Self.durationKeys) else { return nil }
        var durations = Durations()
        var ok = true
        let targets: [(String, WritableKeyPath<Durations, Int>)] = [
            ("binariesStage", \.binariesStage), ("processesStart", \.processesStart),
            ("agentsReconnect", \.agentsReconnect), ("dbLoad", \.dbLoad), ("wizardStep", \.wizardStep),
            ("operation", \.operation), ("pwpTakeover", \.pwpTakeover),
        ]
        for (key, keyPath) in targets {
            guard let field = fields[key] else { continue }
            if let seconds = reader.duration(field.node, at: field.path) {
                durations[keyPath: keyPath] = seconds
            } else {
                ok = false
            }
        }
        return ok ? durations : nil
    }
}
