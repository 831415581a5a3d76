import ArgumentParser
import UpgradePlan

/// `--duration name=seconds` overrides of a topology's `policy.durations`.
enum DurationOverride {
    /// The durations that can be overridden, by name.
    static var fields: [(name: String, path: WritableKeyPath<Durations, Int>)] { [
        ("binariesStage", \.binariesStage), ("processesStart", \.processesStart),
        ("agentsReconnect", \.agentsReconnect), ("dbLoad", \.dbLoad), ("wizardStep", \.wizardStep),
        ("operation", \.operation), ("pwpTakeover", \.pwpTakeover),
    ] }

    /// The names, for help and errors.
    static var names: String { fields.map(\.name).joined(separator: ", ") }

    /// The durations with every override applied; a ValidationError (exit 64) names a bad one.
    static func apply(_ overrides: [String], to durations: Durations) throws -> Durations {
        var result = durations
        for override in overrides {
            let parts = override.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let seconds = seconds(parts[1]) else {
                throw ValidationError("--duration \(override): expected name=seconds, e.g. processesStart=60")
            }
            guard let field = fields.first(where: { $0.name == parts[0] }) else {
                throw ValidationError("--duration \(override): unknown name \"\(parts[0])\"; use \(names)")
            }
            result[keyPath: field.path] = seconds
        }
        return result
    }

    /// Seconds of `90`, `90s`, `5m` or `1h`; nil when malformed or negative.
    static func seconds(_ text: String) -> Int? {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600]
        if let last = text.last, let unit = units[last], let value = Int(text.dropLast()), value >= 0 {
            return value * unit
        }
        guard let value = Int(text), value >= 0 else { return nil }
        return value
    }
}
