/// An AE version number such as `24.4.1`: up to three numeric parts, compared part by part.
public struct AEVersion: Sendable, Equatable, Hashable, Comparable, CustomStringConvertible {
    /// Major, minor and patch (missing parts are 0).
    public let parts: [Int]

    /// Parses `major.minor[.patch]` (digits only, each part at most 6 digits); nil when the text is not one.
    public init?(_ text: String) {
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (2...3).contains(pieces.count) else { return nil }
        var parts: [Int] = []
        for piece in pieces {
            guard !piece.isEmpty, piece.count <= 6, piece.allSatisfy(\.isASCII), let value = Int(piece),
                value >= 0 else { return nil }
            parts.append(value)
        }
        while parts.count < 3 { parts.append(0) }
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
