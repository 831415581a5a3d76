import Foundation

/// The run's fencing token (spec/node-api.yaml, header `Fencing-Token`): which state drives the system's farm
/// (`lineage`: one file state directory or one PostgreSQL database's lease of the system) and which holder of that
/// state's run lock (`epoch`, higher for each new holder). Every mutating request carries it; a node refuses a
/// lower epoch of the same lineage, and another lineage while the farm is claimed (409 naming the claiming run).
public struct FencingToken: Sendable, Equatable, Codable {
    /// The AE system (the plan's `system`).
    public var system: String
    /// Which state the run's journal and lock live in: a random id made once per state and system.
    public var lineage: String
    /// Which holder of that state's lock: each new holder takes a higher one.
    public var epoch: Int
    /// Who holds it, for messages: pid, host, user, when.
    public var holder: String

    /// Creates a token.
    public init(system: String, lineage: String, epoch: Int, holder: String) {
        self.system = system
        self.lineage = lineage
        self.epoch = epoch
        self.holder = holder
    }

    /// The header value: `system=…; lineage=…; epoch=N; holder=…`, text fields percent-encoded.
    public var header: String {
        "system=\(Self.encode(system)); lineage=\(Self.encode(lineage)); epoch=\(epoch); holder=\(Self.encode(holder))"
    }

    /// Parses a header value in exactly the form `header` writes (the pattern of spec/node-api.yaml): the four
    /// fields in that order, separated by `; `; system and lineage not empty; epoch decimal (at most 15 digits);
    /// values without `;` or `=`, `%` only as `%XX`. Nil for anything else: a malformed token is a client's bug,
    /// never read as some other run's. A value whose escapes are not UTF-8 is kept as sent.
    public init?(header: String) {
        let parts = header.split(separator: ";", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var values: [String] = []
        for (index, name) in ["system", "lineage", "epoch", "holder"].enumerated() {
            let prefix = (index == 0 ? "" : " ") + name + "="
            guard parts[index].hasPrefix(prefix) else { return nil }
            let value = String(parts[index].dropFirst(prefix.count))
            guard Self.isEncodedValue(value) else { return nil }
            values.append(value.removingPercentEncoding ?? value)
        }
        let digits = parts[2].dropFirst(" epoch=".count)
        guard !values[0].isEmpty, !values[1].isEmpty, (1...15).contains(digits.count),
            digits.allSatisfy({ ("0"..."9").contains($0) }), let epoch = Int(digits)
        else { return nil }
        self.init(system: values[0], lineage: values[1], epoch: epoch, holder: values[3])
    }

    /// Whether `value` has no `=` and every `%` starts a two-hex-digit escape.
    private static func isEncodedValue(_ value: String) -> Bool {
        var characters = value.makeIterator()
        while let character = characters.next() {
            if character == "=" { return false }
            if character == "%" {
                guard let high = characters.next(), let low = characters.next(), isHex(high), isHex(low)
                else { return false }
            }
        }
        return true
    }

    private static func isHex(_ character: Character) -> Bool {
        character.isASCII && character.isHexDigit
    }

    /// The run in words: `epoch 7 of state 3f2a9c01 (pid 42 on host-a)`.
    public var run: String {
        "epoch \(epoch) of state \(lineage.prefix(8))" + (holder.isEmpty ? "" : " (\(holder))")
    }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: Self.safe) ?? text
    }

    private static let safe = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.:@+/"))
}
