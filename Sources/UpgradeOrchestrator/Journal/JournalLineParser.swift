/// Reads a journal line in the flat form aeupgrade writes (one JSON object of string, integer and null members)
/// without JSONDecoder, which spent most of a resume's time on a long journal.
///
/// It answers nil for anything else: a nested value, a boolean, a fraction where an integer belongs, a duplicate or
/// escaped key, an invalid
/// escape or UTF-8, an unknown event or phase, a missing `event` or `time`. The caller then decodes the line with
/// JSONDecoder, which accepts what JSON allows and names what is wrong, so the result never depends on which path
/// read a line (JournalLineParserTests compares both).
enum JournalLineParser {
    /// The chain fields and record of `line`, or nil when it is not in the flat form.
    static func link(_ line: UnsafeBufferPointer<UInt8>) -> JournalChain.Link? {
        var scanner = Scanner(bytes: line)
        return scanner.object()
    }

    /// The members of a journal line, and `other` for a name the record does not have.
    private enum Member: Int, CaseIterable {
        case seq, prev, event, time, planHash, system, phase, step, attempt, key, observed, reason, outcome
        case generation, pid, host, by, comment, timeScale, process
        case other = 31

        /// The names' bytes by length, for a lookup without building a String.
        private static let byLength: [[([UInt8], Member)]] = {
            var table = [[([UInt8], Member)]](repeating: [], count: 16)
            for member in allCases where member != .other {
                let name = Array(String(describing: member).utf8)
                table[name.count].append((name, member))
            }
            return table
        }()

        /// The member named by `bytes`, nil for another name.
        static func named(_ bytes: UnsafeBufferPointer<UInt8>) -> Member? {
            guard bytes.count < byLength.count else { return nil }
            for (name, member) in byLength[bytes.count] where name.elementsEqual(bytes) { return member }
            return nil
        }
    }

    /// One member's value.
    private enum Value {
        case text(String)
        case number(Int)
        /// A number with a fraction or exponent, or too large for an Int.
        case fraction(Double)
        case null
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        mutating func object() -> JournalChain.Link? {
            skipSpace()
            guard take(UInt8(ascii: "{")) else { return nil }
            var fields = Fields()
            skipSpace()
            if !take(UInt8(ascii: "}")) {
                while true {
                    skipSpace()
                    guard let key = key() else { return nil }
                    skipSpace()
                    guard take(UInt8(ascii: ":")) else { return nil }
                    skipSpace()
                    guard let value = value(), fields.set(key, value) else { return nil }
                    skipSpace()
                    if take(UInt8(ascii: ",")) { continue }
                    guard take(UInt8(ascii: "}")) else { return nil }
                    break
                }
            }
            skipSpace()
            guard index == bytes.count else { return nil }
            return fields.link()
        }

        private mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// A member name without escapes: the record's member it names, `.other` for any other valid name.
        private mutating func key() -> Member? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    defer { index += 1 }
                    let name = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    if let member = Member.named(name) { return member }
                    return String(validating: name, as: UTF8.self) == nil ? nil : .other
                }
                guard byte != UInt8(ascii: "\\"), byte >= 0x20 else { return nil }
                index += 1
            }
            return nil
        }

        private mutating func value() -> Value? {
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""): return string().map(Value.text)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
            case UInt8(ascii: "n"):
                for byte in "null".utf8 { guard take(byte) else { return nil } }
                return .null
            default: return nil
            }
        }

        /// A JSON number: an integer that fits an Int, else (a fraction, an exponent, a large integer) a Double.
        private mutating func number() -> Value? {
            let start = index
            _ = take(UInt8(ascii: "-"))
            let integerStart = index
            guard digits() > 0 else { return nil }
            if index - integerStart > 1, bytes[integerStart] == UInt8(ascii: "0") { return nil }
            var integral = true
            if take(UInt8(ascii: ".")) {
                integral = false
                guard digits() > 0 else { return nil }
            }
            if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
                integral = false
                _ = take(UInt8(ascii: "+")) || take(UInt8(ascii: "-"))
                guard digits() > 0 else { return nil }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            if integral, let value = Int(text) { return .number(value) }
            guard let value = Double(text), value.isFinite else { return nil }
            return .fraction(value)
        }

        /// Skips decimal digits; how many.
        private mutating func digits() -> Int {
            let start = index
            while index < bytes.count, case UInt8(ascii: "0")...UInt8(ascii: "9") = bytes[index] { index += 1 }
            return index - start
        }

        /// A string value: raw UTF-8 up to the closing quote, escapes decoded.
        private mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            var ascii = true
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    defer { index += 1 }
                    let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    // ASCII is valid UTF-8, so decoding it gives what validating would, without the generic path.
                    return ascii ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") { return escapedString(from: start) }
                guard byte >= 0x20 else { return nil }
                ascii = ascii && byte < 0x80
                index += 1
            }
            return nil
        }

        /// The rest of a string that holds escapes, from `start` (just after its opening quote).
        private mutating func escapedString(from start: Int) -> String? {
            var text = Array(bytes[start..<index])
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(validating: text, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { return nil }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
                    case UInt8(ascii: "b"): text.append(0x08)
                    case UInt8(ascii: "f"): text.append(0x0C)
                    case UInt8(ascii: "n"): text.append(0x0A)
                    case UInt8(ascii: "r"): text.append(0x0D)
                    case UInt8(ascii: "t"): text.append(0x09)
                    case UInt8(ascii: "u"):
                        guard let scalar = unicodeEscape() else { return nil }
                        text.append(contentsOf: String(Character(scalar)).utf8)
                    default: return nil
                    }
                default:
                    guard byte >= 0x20 else { return nil }
                    text.append(byte)
                }
            }
            return nil
        }

        /// The scalar of a `\uXXXX` escape (the `\u` already read), a surrogate pair taken whole; nil for a lone
        /// surrogate.
        private mutating func unicodeEscape() -> Unicode.Scalar? {
            guard let unit = hexUnit() else { return nil }
            switch unit {
            case 0xD800...0xDBFF:
                guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hexUnit(),
                    (0xDC00...0xDFFF).contains(low)
                else { return nil }
                return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            case 0xDC00...0xDFFF:
                return nil
            default:
                return Unicode.Scalar(unit)
            }
        }

        private mutating func hexUnit() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }
    }

    /// The members read so far, each at most once.
    private struct Fields {
        /// One bit per member read (`Member.rawValue`), to find a duplicate.
        var seen: UInt32 = 0
        var seq: Int?
        var prev: String?
        var event: JournalEvent?
        var time: String?
        var planHash, system, step, key, observed, reason, outcome, host, by, comment, process: String?
        var phase: RunPhase?
        var attempt, generation, pid: Int?
        var timeScale: Double?

        /// Records `value` under `key`; false for a duplicate or a value of the wrong kind.
        mutating func set(_ member: Member, _ value: Value) -> Bool {
            let bit: UInt32 = member == .other ? 0 : 1 << UInt32(member.rawValue)
            guard seen & bit == 0 else { return false }
            seen |= bit
            switch member {
            case .seq: return number(value, into: &seq)
            case .attempt: return number(value, into: &attempt)
            case .generation: return number(value, into: &generation)
            case .pid: return number(value, into: &pid)
            case .prev: return text(value, into: &prev)
            case .time: return text(value, into: &time)
            case .planHash: return text(value, into: &planHash)
            case .system: return text(value, into: &system)
            case .step: return text(value, into: &step)
            case .key: return text(value, into: &self.key)
            case .observed: return text(value, into: &observed)
            case .reason: return text(value, into: &reason)
            case .outcome: return text(value, into: &outcome)
            case .host: return text(value, into: &host)
            case .by: return text(value, into: &by)
            case .comment: return text(value, into: &comment)
            case .process: return text(value, into: &process)
            case .timeScale:
                switch value {
                case .number(let number): timeScale = Double(number)
                case .fraction(let number): timeScale = number
                case .null: break
                case .text: return false
                }
                return true
            case .event:
                guard case .text(let raw) = value, let event = JournalEvent(rawValue: raw) else { return false }
                self.event = event
                return true
            case .phase:
                switch value {
                case .null: return true
                case .text(let raw):
                    guard let phase = RunPhase(rawValue: raw) else { return false }
                    self.phase = phase
                    return true
                case .number, .fraction: return false
                }
            case .other:
                return true  // JSONDecoder ignores members it does not know; so does this
            }
        }

        private func number(_ value: Value, into field: inout Int?) -> Bool {
            switch value {
            case .number(let number): field = number; return true
            case .null: return true
            case .text, .fraction: return false
            }
        }

        private func text(_ value: Value, into field: inout String?) -> Bool {
            switch value {
            case .text(let text): field = text; return true
            case .null: return true
            case .number, .fraction: return false
            }
        }

        func link() -> JournalChain.Link? {
            guard let event, let time else { return nil }
            return JournalChain.Link(seq: seq, prev: prev, record: JournalRecord(
                event: event, time: time, planHash: planHash, system: system, phase: phase, step: step,
                attempt: attempt, key: key, observed: observed, reason: reason, outcome: outcome,
                generation: generation, pid: pid, host: host, by: by, comment: comment, timeScale: timeScale,
                process: process))
        }
    }
}
