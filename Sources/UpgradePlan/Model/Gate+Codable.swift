/// A gate is written the way operators write it in topology files: `"none"`, `{"soak": 600}` (seconds) or
/// `{"approval": true}`, in plan files and anywhere else the model is encoded.
extension Gate {
    private enum Key: String, CodingKey {
        case soak, approval
    }

    /// Decodes `"none"`, `{"soak": seconds}` or `{"approval": true}`.
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            guard text == "none" else {
                throw DecodingError.dataCorruptedError(
                    in: single, debugDescription: "unknown gate \"\(text)\" (none, {soak: seconds}, {approval: true})")
            }
            self = .none
            return
        }
        let container = try decoder.container(keyedBy: Key.self)
        if let seconds = try container.decodeIfPresent(Int.self, forKey: .soak) {
            self = .soak(seconds: seconds)
        } else if try container.decodeIfPresent(Bool.self, forKey: .approval) == true {
            self = .approval
        } else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: "expected none, {soak: seconds} or {approval: true}"))
        }
    }

    /// Encodes `"none"`, `{"soak": seconds}` or `{"approval": true}`.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .none:
            var single = encoder.singleValueContainer()
            try single.encode("none")
        case let .soak(seconds):
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(seconds, forKey: .soak)
        case .approval:
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(true, forKey: .approval)
        }
    }
}
