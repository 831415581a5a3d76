import NodeContract

/// What went wrong talking to a node: names the node, the URL and what curl or the node said.
public enum NodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The node is not in the endpoint map (topology or `--endpoints` file).
    case unknownNode(node: String)
    /// The transfer failed at the transport level (connect refused, timeout, TLS...), after all retries.
    case transport(node: String, url: String, curlCode: Int, message: String, attempts: Int)
    /// The node answered with an HTTP error status (problem+json detail when it sent one).
    case http(node: String, url: String, status: Int, problem: Problem?, attempts: Int)
    /// The node answered 2xx with a body that is not what the node contract says.
    case badResponse(node: String, url: String, message: String)
    /// A node the farm's claim could not reach (down at the run's start) refused the run's late claim before the
    /// run's first change to it (`POST /v1/fence`, 409): another run drives it. Never retried; the run stops.
    case claimRefused(node: String, detail: String)
    /// A local setup problem (unreadable token file, curl init failure).
    case setup(message: String)

    /// libcurl codes of TLS failures that a retry cannot cure: the peer's certificate does not verify, or a local
    /// certificate, key or CA file cannot be used. Not 35 (`CURLE_SSL_CONNECT_ERROR`), which a reset connection
    /// mid-handshake also gives.
    static let tlsPermanentCodes: [Int: String] = [
        53: "the TLS engine was not found", 54: "the TLS engine cannot be set", 58: "the client certificate or "
            + "key cannot be used", 59: "no usable TLS cipher", 60: "the node's certificate did not verify (wrong "
            + "CA, name or expired)", 64: "TLS is required but not available", 66: "the TLS engine cannot start",
        77: "the CA file cannot be read", 82: "the CRL file cannot be read", 83: "the node's certificate issuer "
            + "check failed", 90: "the node's public key does not match the pinned one", 91: "the node's "
            + "certificate status is invalid",
    ]

    /// Whether the failure is a TLS verification or certificate-file error: permanent, never retried.
    public var isTLSPermanent: Bool {
        if case .transport(_, _, let code, _, _) = self { return Self.tlsPermanentCodes[code] != nil }
        return false
    }

    /// The HTTP status when the node answered with an error, else nil.
    public var status: Int? {
        if case .http(_, _, let status, _, _) = self { return status }
        return nil
    }

    /// Whether the failure is worth retrying later (transport errors, 5xx, 429); 4xx are not, nor TLS
    /// verification and certificate-file errors (`isTLSPermanent`): they fail the same way every time.
    public var isTransient: Bool {
        switch self {
        case .transport(_, _, let code, _, _): return !Self.tlsPermanentCodes.keys.contains(code)
        case .http(_, _, let status, _, _): return status >= 500 || status == 429
        case .unknownNode, .badResponse, .setup, .claimRefused: return false
        }
    }

    /// One line naming node, URL and cause.
    public var description: String {
        switch self {
        case .unknownNode(let node):
            return "node \(node): no endpoint known (check the topology's endpoint or the --endpoints file)"
        case .transport(let node, let url, let code, let message, let attempts):
            if let what = Self.tlsPermanentCodes[code] {
                return "node \(node): \(url): TLS: \(what) (curl error \(code): \(message)); not retried: fix the "
                    + "certificate or the --cacert/--cert/--key files, then run again"
            }
            return "node \(node): \(url): curl error \(code): \(message) (after \(attempts) attempt(s))"
        case .http(let node, let url, let status, let problem, let attempts):
            var text = "node \(node): \(url): HTTP \(status)"
            if let problem {
                text += " \(problem.title)"
                if let detail = problem.detail { text += ": \(detail)" }
            }
            if attempts > 1 { text += " (after \(attempts) attempts)" }
            return text
        case .badResponse(let node, let url, let message):
            return "node \(node): \(url): unexpected response: \(message)"
        case .setup(let message):
            return "client setup: \(message)"
        case .claimRefused(let node, let detail):
            return "node \(node) refused this run's claim of the farm (POST /v1/fence, asked before the run's first "
                + "change to it, since it was down when the run claimed the farm): \(detail); nothing was sent to "
                + "\(node), the run stops"
        }
    }
}
