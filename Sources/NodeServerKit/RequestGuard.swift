import Hummingbird
import NodeContract

/// The checks every node endpoint makes before routing: the bearer token and the `Idempotency-Key` of POSTs.
public struct RequestGuard: Sendable {
    /// Token every request must carry, if configured.
    public let token: String?

    /// Creates a guard; nil token: no authentication (loopback tests, the simulator without `--token`).
    public init(token: String?) {
        self.token = token
    }

    /// Nil when the request may pass, else the 401 reply (with `WWW-Authenticate: Bearer`).
    /// The comparison takes the same time for every wrong token of the same length.
    public func unauthorized(_ request: Request) -> Response? {
        guard let token else { return nil }
        let given = Array((request.headers[.authorization] ?? "").utf8)
        let wanted = Array("Bearer \(token)".utf8)
        var difference = given.count == wanted.count ? 0 : 1
        for (index, byte) in wanted.enumerated() {
            difference |= Int(byte ^ (index < given.count ? given[index] : 0))
        }
        guard difference != 0 else { return nil }
        return HTTPReply.problem(Problem.unauthorized(), headers: [.wwwAuthenticate: "Bearer"])
    }

    /// The request's `Idempotency-Key`, or the 400 problem when it is missing or empty.
    public static func idempotencyKey(_ request: Request, path: String) -> Result<String, Problem> {
        guard let key = idempotencyKeyHeader(request), !key.isEmpty else {
            return .failure(Problem.badRequest("POST \(path) needs an Idempotency-Key header"))
        }
        return .success(key)
    }

    /// The `Idempotency-Key` header's value as sent, nil without one.
    public static func idempotencyKeyHeader(_ request: Request) -> String? {
        let wanted = ContractHeader.idempotencyKey.lowercased()
        return request.headers.first { $0.name.canonicalName == wanted }?.value
    }
}
