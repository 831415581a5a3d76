import NodeContract

/// The POSTs of the node contract (`ContractPath`) as `aeupgrade-node` performs them.
enum NodeAction: String, Sendable, CaseIterable {
    case binariesStage = "binaries/stage"
    case cpsStop = "cps/stop"
    case wpsStop = "wps/stop"
    case targetStart = "target/start"
    case targetStop = "target/stop"
    case processesStart = "processes/start"

    /// The action of a POST path, if it is one.
    init?(path: String) {
        let prefix = "/v1/node/"
        guard path.hasPrefix(prefix) else { return nil }
        self.init(rawValue: String(path.dropFirst(prefix.count)))
    }

    /// Whether the POST reads a JSON body.
    var takesBody: Bool { [.binariesStage, .wpsStop, .targetStart].contains(self) }

    /// Whether the request must name a version.
    var needsVersion: Bool { self == .binariesStage || self == .targetStart }

    /// The request's fields this action uses (others are ignored), for the idempotency fingerprint.
    func fingerprint(_ request: OperationRequest) -> String {
        switch self {
        case .binariesStage, .targetStart: return "\(rawValue) version=\(request.version ?? "")"
        case .wpsStop: return "\(rawValue) drain=\(request.drain ?? true)"
        default: return rawValue
        }
    }
}
