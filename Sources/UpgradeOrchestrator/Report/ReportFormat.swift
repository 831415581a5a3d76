import Foundation

/// Number, time and text formatting shared by the text and HTML reports: deterministic, locale-free.
public enum ReportFormat {
    /// A duration: `850ms`, `12.3s`, `4m05s`, `1h02m03s`.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "-" }
        let value = max(0, seconds)
        if value == 0 { return "0s" }
        if value < 1 { return "\(Int((value * 1000).rounded()))ms" }
        if value < 60 { return fixed(value, digits: 1) + "s" }
        let whole = Int(value.rounded())
        let (hours, minutes, rest) = (whole / 3600, (whole % 3600) / 60, whole % 60)
        if hours > 0 { return "\(hours)h" + pad(minutes) + "m" + pad(rest) + "s" }
        return "\(minutes)m" + pad(rest) + "s"
    }

    /// A duration or `-` when unknown.
    public static func duration(_ seconds: Double?) -> String {
        seconds.map { duration($0) } ?? "-"
    }

    /// A duration on a farm's clock: wall-clock `seconds` × `timeScale`, followed by ` sim` (simulated time) when
    /// the scale is not 1; `-` when unknown.
    public static func farmDuration(_ seconds: Double?, timeScale: Double) -> String {
        guard let seconds else { return "-" }
        return timeScale == 1 ? duration(seconds) : duration(seconds * timeScale) + " " + simulatedMark
    }

    /// The label of a simulated duration.
    public static let simulatedMark = "sim"

    /// The one line that explains a scaled report: which times are real, which durations simulated.
    public static func scaleNote(_ timeScale: Double) -> String {
        let factor = timeScale == timeScale.rounded() ? String(Int(timeScale)) : fixed(timeScale, digits: 2)
        return "simulated farm, time scale ×\(factor): times of day and durations without a mark are wall clock; "
            + "durations marked \"\(simulatedMark)\" are simulated time (wall clock × \(factor))"
    }

    /// A time of day in UTC with milliseconds: `19:27:36.123Z`.
    public static func clock(_ date: Date?) -> String {
        guard let date else { return "-" }
        let text = Journal.timestamp(date)
        guard let tee = text.firstIndex(of: "T") else { return text }
        return String(text[text.index(after: tee)...])
    }

    /// A full ISO 8601 UTC time stamp, or `-`.
    public static func timestamp(_ date: Date?) -> String {
        date.map { Journal.timestamp($0) } ?? "-"
    }

    /// `value` with `digits` decimals, no locale.
    public static func fixed(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        guard digits > 0 else { return String(scaled) }
        let sign = scaled < 0 ? "-" : ""
        let magnitude = abs(scaled)
        var fraction = String(magnitude % Int(scale))
        while fraction.count < digits { fraction = "0" + fraction }
        return "\(sign)\(magnitude / Int(scale)).\(fraction)"
    }

    /// Actual as a percentage of planned (`-` when nothing was planned).
    public static func ratio(actual: Double, planned: Double) -> String {
        planned > 0 ? "\(Int((actual / planned * 100).rounded()))%" : "-"
    }

    /// Escapes text for HTML and SVG content and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
