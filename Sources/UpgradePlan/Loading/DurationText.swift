import Foundation

/// Parses durations as operators write them in topology files: `90` (seconds), `30s`, `10m`, `2h`, `1h30m`.
enum DurationText {
    /// The longest duration accepted: 30 days. Far above any real step or soak, and sums of such values cannot
    /// overflow.
    static let maximumSeconds = 30 * 86_400

    /// The number of seconds, or nil when the text is not a duration of at most `maximumSeconds`.
    static func seconds(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 40 else { return nil }
        if let plain = Int(trimmed) { return (0...maximumSeconds).contains(plain) ? plain : nil }
        var total = 0
        var digits = ""
        var sawUnit = false
        for character in trimmed {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            guard digits.count <= 9, let value = Int(digits), let unit = unitSeconds(character) else { return nil }
            total += value * unit
            guard total <= maximumSeconds else { return nil }
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
