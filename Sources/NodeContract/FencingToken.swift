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

    /// Parses a header value; nil when a field is missing or malformed.
    public init?(header: String) {
        var fields: [String: String] = [:]
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
                .split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, let value = String(pair[1]).removingPercentEncoding else { return nil }
            fields[String(pair[0])] = value
        }
        guard let system = fields["system"], !system.isEmpty, let lineage = fields["lineage"], !lineage.isEmpty,
            let epochText = fields["epoch"], let epoch = Int(epochText), epoch >= 0
        else { return nil }
        self.init(system: system, lineage: lineage, epoch: epoch, holder: fields["holder"] ?? "")
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
