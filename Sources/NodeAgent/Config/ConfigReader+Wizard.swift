import NodeContract
import Yams

extension ConfigReader {
    /// Placeholders a wizard command may use: the node's name and the upgrade's target version.
    static let wizardPlaceholders = ["{node}", "{version}"]

    /// `nodes[].wizard:`: wizard step (`dbload`, `switch`, `finalize`, `rollback`) to the site's command, an
    /// argument vector whose placeholders must be known (a typo would reach the site's automation as text).
    mutating func wizard(_ node: Yams.Node?, _ path: String) -> [WizardStepName: CommandSpec] {
        guard let node else { return [:] }
        let values = fields(node, path, required: [], optional: WizardStepName.allCases.map(\.rawValue))
        var commands: [WizardStepName: CommandSpec] = [:]
        for (name, value) in values {
            guard let step = WizardStepName(rawValue: name), let argv = strings(value, join(path, name)) else {
                continue
            }
            let unknown = argv.flatMap(Self.placeholders).filter { !Self.wizardPlaceholders.contains($0) }
            if let first = unknown.first {
                report(value, join(path, name), "unknown placeholder \(first) (known: "
                    + Self.wizardPlaceholders.joined(separator: ", ") + ")")
                continue
            }
            commands[step] = CommandSpec(argv)
        }
        if values.isEmpty, case .mapping = node {
            report(node, path, "maps no wizard step; list at least one of "
                + WizardStepName.allCases.map(\.rawValue).joined(separator: ", ") + ", or remove the section")
        }
        return commands
    }

    /// The `{word}` placeholders of an argument.
    private static func placeholders(_ argument: String) -> [String] {
        var found: [String] = []
        var rest = Substring(argument)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let word = rest[rest.index(after: open)..<close]
            if !word.isEmpty, word.allSatisfy({ $0.isLetter }) { found.append("{\(word)}") }
            rest = rest[rest.index(after: close)...]
        }
        return found
    }
}
