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
    /// A local setup problem (unreadable token file, curl init failure).
    case setup(message: String)

    /// The HTTP status when the node answered with an error, else nil.
    public var status: Int? {
        if case .http(_, _, let status, _, _) = self { return status }
        return nil
    }

    /// Whether the failure is worth retrying later (transport errors, 5xx, 429); 4xx are not.
    public var isTransient: Bool {
        switch self {
        case .transport: return true
        case .http(_, _, let status, _, _): return status >= 500 || status == 429
        case .unknownNode, .badResponse, .setup: return false
        }
    }

    /// One line naming node, URL and cause.
    public var description: String {
        switch self {
        case .unknownNode(let node):
            return "node \(node): no endpoint known (check the topology's endpoint or the --endpoints file)"
        case .transport(let node, let url, let code, let message, let attempts):
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
        }
    }
}
