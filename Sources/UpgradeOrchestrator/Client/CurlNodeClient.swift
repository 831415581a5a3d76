import Foundation
import NodeContract

/// The node contract over HTTP with libcurl: timeouts, retries with backoff on transport errors, 5xx and 429
/// (never on other 4xx), bearer token, TLS/mTLS, keep-alive.
public struct CurlNodeClient: NodeClient {
    /// Base URL per node name.
    public let endpoints: [String: String]
    private let transport: CurlTransport
    private let backoff: Backoff
    private let token: BearerToken?
    /// The run's fencing token, sent on every POST (see `FencingToken`); nil before a run takes its lock.
    public var fencingToken: FencingToken?
    /// The nodes the run's claim of the farm could not reach, claimed before the first POST to each (`FarmClaim`).
    var lateClaims: LateClaims?
    private let insecureToken: Bool
    /// The last answer of each node's and the system's GET, decoded (shared by copies of the client).
    private let lastDecoded = LastDecoded()

    /// Creates a client; `endpoints` maps node names to base URLs such as `http://127.0.0.1:8101`. One connection
    /// cache serves every node (`CurlTransport`); `workers` transfers run at once. The token is never sent over
    /// `http://` to a non-loopback address unless `insecureToken` (`TokenExposure`).
    public init(
        endpoints: [String: String], token: BearerToken? = nil, tls: TLSOptions = TLSOptions(),
        connectTimeout: Duration = .seconds(3), totalTimeout: Duration = .seconds(15),
        backoff: Backoff = Backoff(), workers: Int = 32, insecureToken: Bool = false
    ) {
        self.endpoints = endpoints.mapValues { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.transport = CurlTransport(
            workers: workers, connectTimeout: connectTimeout, totalTimeout: totalTimeout, tls: tls,
            maxConnections: endpoints.count + workers)
        self.backoff = backoff
        self.token = token
        self.insecureToken = insecureToken
    }

    /// `GET /v1/node`.
    public func node(_ name: String) async throws(NodeError) -> NodeState {
        try await call(name, method: "GET", path: ContractPath.node, body: nil, key: nil, remember: true)
    }

    /// `GET /v1/system`.
    public func system(via name: String) async throws(NodeError) -> SystemState {
        try await call(name, method: "GET", path: ContractPath.system, body: nil, key: nil, remember: true)
    }

    /// `POST path` with an `Idempotency-Key`: retries re-send the same key, so the node applies it once. A node the
    /// run's claim of the farm could not reach is claimed first (`FarmClaim.claimLate`); nothing is sent when it
    /// refuses.
    public func post(
        _ name: String, path: String, body: OperationRequest?, idempotencyKey: String
    ) async throws(NodeError) -> NodeContract.Operation {
        if let lateClaims, let fencingToken, lateClaims.isPending(name) {
            try await FarmClaim.claimLate(self, node: name, token: fencingToken, claims: lateClaims)
        }
        return try await call(name, method: "POST", path: path, body: body ?? OperationRequest(), key: idempotencyKey)
    }

    /// `GET /v1/operations/{id}`.
    public func operation(_ name: String, id: String) async throws(NodeError) -> NodeContract.Operation {
        try await call(name, method: "GET", path: ContractPath.operations + id, body: nil, key: nil)
    }

    /// `GET /v1/operations?key=&state=`.
    public func operations(
        _ name: String, keyPrefix: String, state: OperationState?
    ) async throws(NodeError) -> [NodeContract.Operation] {
        let query = ContractPath.operationListQuery(keyPrefix: keyPrefix, state: state)
        let list: OperationList = try await call(
            name, method: "GET", path: ContractPath.operationList + query, body: nil, key: nil)
        return list.operations
    }

    /// One request with its retries; the 2xx answer decoded as `T`. With `remember`, an answer identical to the
    /// last one from the same URL gives the value decoded then (`LastDecoded`).
    func call<T: Decodable & Sendable>(
        _ name: String, method: String, path: String, body: OperationRequest?, key: String?,
        extraHeaders: [String] = [], remember: Bool = false
    ) async throws(NodeError) -> T {
        guard let base = endpoints[name] else { throw .unknownNode(node: name) }
        let url = base + path
        var headers = ["Accept: application/json"]
        if let token {
            if !insecureToken, let refusal = TokenExposure.refusal(url: url, node: name) {
                throw .setup(message: refusal)
            }
            headers.append("Authorization: Bearer \(token.secret)")
        }
        if let key { headers.append("Idempotency-Key: \(key)") }
        if method == "POST", let fencingToken { headers.append("\(ContractHeader.fencingToken): \(fencingToken.header)") }
        headers += extraHeaders
        var bytes: [UInt8]?
        if let body {
            headers.append("Content-Type: application/json")
            bytes = Array((try? JSONEncoder().encode(body)) ?? Data("{}".utf8))
        }
        let request = HTTPRequest(method: method, url: url, headers: headers, body: bytes)
        var attempt = 0
        while true {
            attempt += 1
            let failure: NodeError
            var retryAfter: Int?
            do {
                let response = try await transport.perform(request)
                if (200..<300).contains(response.status) {
                    if remember, let value = lastDecoded.value(T.self, url: url, body: response.body) { return value }
                    do {
                        let value = try JSONDecoder().decode(T.self, from: Data(response.body))
                        if remember { lastDecoded.store(value, url: url, body: response.body) }
                        return value
                    } catch {
                        throw NodeError.badResponse(node: name, url: url, message: "\(error)")
                    }
                }
                let problem = try? JSONDecoder().decode(Problem.self, from: Data(response.body))
                failure = .http(node: name, url: url, status: response.status, problem: problem, attempts: attempt)
                retryAfter = response.retryAfterSeconds
            } catch let error as NodeError {
                throw error
            } catch let error as TransportFailure {
                failure = .transport(
                    node: name, url: url, curlCode: error.code, message: error.message, attempts: attempt)
            } catch {
                failure = .transport(node: name, url: url, curlCode: -1, message: "\(error)", attempts: attempt)
            }
            guard failure.isTransient, attempt < backoff.maxAttempts, !Task.isCancelled else { throw failure }
            let delay = backoff.delay(
                afterAttempt: attempt, jitter: Double.random(in: 0...1), retryAfterSeconds: retryAfter)
            do { try await Task.sleep(for: delay) } catch { throw failure }
        }
    }
}
