import Foundation

/// Parses durations as operators write them in topology files: `90` (seconds), `30s`, `10m`, `2h`, `1h30m`.
enum Duration {
    /// The number of seconds, or nil when the text is not a duration.
    static func seconds(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let plain = Int(trimmed) { return plain >= 0 ? plain : nil }
        var total = 0
        var digits = ""
        var sawUnit = false
        for character in trimmed {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            guard let value = Int(digits), let unit = unitSeconds(character) else { return nil }
            total += value * unit
            digits = ""
            sawUnit = true
        }
        return sawUnit && digits.isEmpty ? total : nil
    }

    private static func unitSeconds(_ unit: Character) -> Int? {
        switch unit {
        case "s": return 1
        case "m": return 60
        case "h": return 3600
        default: return nil
        }
    }
}
