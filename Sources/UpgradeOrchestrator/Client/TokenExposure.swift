import Foundation

/// Where a bearer token may go: over `https://`, or over `http://` only to a loopback address (the node agent
/// on the same host, a simulator), unless the operator accepts sending it in clear text (`--insecure-token`).
/// Anyone on the path of a plain-HTTP request to another host can read the token and drive every node with it.
public enum TokenExposure {
    /// Why the token must not be sent to `url`, or nil when it may.
    public static func refusal(url: String, node: String) -> String? {
        guard let components = URLComponents(string: url), components.scheme?.lowercased() == "http" else {
            return nil
        }
        let host = components.host ?? ""
        if isLoopback(host) { return nil }
        return "refusing to send the bearer token to node \(node) over plain http:// (\(url)): \(host) is not a "
            + "loopback address, so the token would cross the network in clear text. Use https:// (with --cacert), "
            + "or pass --insecure-token to accept the risk"
    }

    /// The nodes whose endpoints a token must not be sent to, with the reason, sorted by node name.
    public static func refusals(endpoints: [String: String]) -> [String] {
        endpoints.sorted { $0.key < $1.key }.compactMap { refusal(url: $0.value, node: $0.key) }
    }

    /// Whether `host` is a loopback address: `localhost`, 127.0.0.0/8 or ::1.
    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
