import Foundation
import UpgradePlan

/// The journal's hash chain. Each line is a JSON object that starts `{"seq":N,"prev":"…",` followed by the record's
/// fields: `seq` counts records from 1, and `prev` is the hex SHA-256 of the previous line's exact bytes (without
/// its newline). The first record's `prev` is the hex SHA-256 of `genesis`. So a removed, reordered, edited or
/// foreign line breaks the chain at the next line.
public enum JournalChain {
    /// The text whose hash is the first record's `prev`.
    public static let genesis = "aeupgrade journal v1"

    /// Where a chain stands: the last record's `seq` (0 before the first) and the hash its successor must name.
    public struct Position: Sendable, Equatable {
        /// `seq` of the last record, 0 for an empty journal.
        public var seq: Int
        /// Hex SHA-256 of the last line (of `genesis` for an empty journal).
        public var hash: String

        /// The position of an empty journal.
        public static let start = Position(seq: 0, hash: JournalChain.hash(Array(JournalChain.genesis.utf8)))
    }

    /// The hex SHA-256 of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(64)
        for byte in SHA256.digest(bytes) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The line (without newline) of `record` following `position`, and the position after it.
    static func line(
        _ record: JournalRecord, after position: Position, encoder: JSONEncoder
    ) throws -> (line: Data, position: Position) {
        let body = try encoder.encode(record)
        let seq = position.seq + 1
        var line = Data(#"{"seq":\#(seq),"prev":"\#(position.hash)","#.utf8)
        line.append(body.dropFirst())
        return (line, Position(seq: seq, hash: hash(line)))
    }

    /// The encoder of record bodies: sorted keys, slashes unescaped.
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The journal text (newline-terminated lines) of `records` from the start of a chain.
    public static func text(_ records: [JournalRecord]) throws -> Data {
        let encoder = makeEncoder()
        var text = Data()
        var position = Position.start
        for record in records {
            let next = try line(record, after: position, encoder: encoder)
            text.append(next.line)
            text.append(0x0A)
            position = next.position
        }
        return text
    }

    /// A line as read: its chain fields (nil when absent) and its record.
    struct Link: Decodable {
        let seq: Int?
        let prev: String?
        let record: JournalRecord

        private enum Keys: String, CodingKey { case seq, prev }

        init(seq: Int?, prev: String?, record: JournalRecord) {
            self.seq = seq
            self.prev = prev
            self.record = record
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            seq = try container.decodeIfPresent(Int.self, forKey: .seq)
            prev = try container.decodeIfPresent(String.self, forKey: .prev)
            record = try JournalRecord(from: decoder)
        }
    }

    /// What is wrong with line `number` (its chain fields `link`) following `position`, or nil when it links:
    /// the first line that may be bad, and why. A `prev` that does not match the line before means that line was
    /// edited (its hash changed) or this one is foreign, so the first suspect is the line before.
    static func problem(_ link: Link, number: Int, after position: Position) -> (line: Int, message: String)? {
        guard let seq = link.seq, let prev = link.prev else {
            return (number, "no seq/prev: the line was not written by aeupgrade (edited, or from an older journal)")
        }
        let expected = position.seq + 1
        if seq > expected {
            return (number, seq == expected + 1
                ? "seq \(seq), expected \(expected): record \(expected) is missing or out of order"
                : "seq \(seq), expected \(expected): records \(expected)–\(seq - 1) are missing or out of order")
        }
        if seq < expected {
            return (number, "seq \(seq), expected \(expected): the line is repeated or out of order")
        }
        guard prev == position.hash else {
            return position.seq == 0
                ? (number, "prev is not the journal's genesis hash: the line comes from another journal")
                : (number - 1, "line \(number)'s prev does not match this line: this line was edited, "
                    + "or line \(number) comes from another journal")
        }
        return nil
    }
}
