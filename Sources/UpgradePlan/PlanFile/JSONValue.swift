/// A JSON document as a value, written canonically: keys sorted, fixed escaping, fixed layout.
///
/// Foundation's encoders leave out nil optionals and their layout may change between toolchains; plan files and
/// topology hashes must be byte for byte the same everywhere, so they are written with this instead.
public indirect enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number.
    case int(Int)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object; written with its keys sorted by their UTF-8 bytes.
    case object([String: JSONValue])

    /// The text without any whitespace (used for hashing).
    public var compact: String {
        var out = ""
        write(to: &out, indent: nil, depth: 0)
        return out
    }

    /// The text indented by two spaces per level, `"key": value`, with a final newline.
    public var pretty: String {
        var out = ""
        write(to: &out, indent: "  ", depth: 0)
        out.append("\n")
        return out
    }

    private func write(to out: inout String, indent: String?, depth: Int) {
        switch self {
        case .null: out.append("null")
        case let .bool(value): out.append(value ? "true" : "false")
        case let .int(value): out.append(String(value))
        case let .string(value): Self.writeString(value, to: &out)
        case let .array(values):
            writeContainer(values.map { (nil, $0) }, open: "[", close: "]", to: &out, indent: indent, depth: depth)
        case let .object(members):
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            writeContainer(sorted.map { ($0.key, $0.value) }, open: "{", close: "}", to: &out, indent: indent,
                           depth: depth)
        }
    }

    private func writeContainer(
        _ items: [(String?, JSONValue)], open: String, close: String, to out: inout String, indent: String?,
        depth: Int
    ) {
        out.append(open)
        guard !items.isEmpty else { return out.append(close) }
        for (index, (key, value)) in items.enumerated() {
            if index > 0 { out.append(",") }
            if let indent { out.append("\n" + String(repeating: indent, count: depth + 1)) }
            if let key {
                Self.writeString(key, to: &out)
                out.append(indent == nil ? ":" : ": ")
            }
            value.write(to: &out, indent: indent, depth: depth + 1)
        }
        if let indent { out.append("\n" + String(repeating: indent, count: depth)) }
        out.append(close)
    }

    private static func writeString(_ value: String, to out: inout String) {
        out.append("\"")
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.append(value)
            return out.append("\"")
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
    }
}
