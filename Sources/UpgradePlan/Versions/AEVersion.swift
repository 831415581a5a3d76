/// An AE version number such as `24.4.1`: exactly three numeric parts, compared part by part.
public struct AEVersion: Sendable, Equatable, Hashable, Comparable, CustomStringConvertible {
    /// Major, minor and patch.
    public let parts: [Int]

    /// The form `init?(_:)` accepts, for error messages.
    public static let form = "major.minor.patch, three whole numbers without leading zeros, quoted (e.g. \"24.4.4\")"

    /// Parses `major.minor.patch`: exactly three parts of ASCII digits, each at most 6 digits and without a leading
    /// zero (`0` itself is fine); nil otherwise. `24.4` and `24.04.1` are refused: the topology promises three
    /// parts, and an unquoted two-part value is a YAML number (`24.10` would read as 24.1).
    public init?(_ text: String) {
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count == 3 else { return nil }
        var parts: [Int] = []
        for piece in pieces {
            guard !piece.isEmpty, piece.count <= 6, piece.allSatisfy({ $0.isASCII && $0.isNumber }),
                piece == "0" || piece.first != "0", let value = Int(piece) else { return nil }
            parts.append(value)
        }
        self.parts = parts
    }

    /// Creates a version from its parts.
    public init(_ major: Int, _ minor: Int, _ patch: Int = 0) {
        parts = [major, minor, patch]
    }

    /// The major version (`24` of `24.4.1`).
    public var major: Int { parts[0] }
    /// The minor version (`4` of `24.4.1`).
    public var minor: Int { parts[1] }
    /// The patch level (`1` of `24.4.1`).
    public var patch: Int { parts[2] }

    /// Whether this version runs JWP, JCP and REST processes (v21 and later, docs/ae-model.md AE-PROC-1).
    public var hasJavaProcesses: Bool { major >= 21 }

    public var description: String { parts.map(String.init).joined(separator: ".") }

    public static func < (lhs: AEVersion, rhs: AEVersion) -> Bool { lhs.parts.lexicographicallyPrecedes(rhs.parts) }
}
