import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NodeContract

/// A tiny HTTP client for the tests (127.0.0.1 only).
public enum HTTP {
    /// One answer.
    public struct Reply: Sendable {
        /// HTTP status.
        public let status: Int
        /// Body.
        public let body: Data
        /// Headers, names lowercased.
        public let headers: [String: String]
        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }
        /// The `Content-Type` header.
        public var contentType: String? { headers["content-type"] }
        /// Decodes the body.
        public func json<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(type, from: body) }
    }

    /// An operation that was still running when `settle` gave up.
    public struct StillRunning: Error, CustomStringConvertible {
        /// The operation's id.
        public let id: String
        /// Says which operation and for how long.
        public var description: String { "operation \(id) still running after the polling bound" }
    }

    /// Sends a request (bearer `token`, `Idempotency-Key` `key`, JSON `body`); throws URLError on network failures.
    public static func send(
        _ method: String, _ url: String, token: String?, key: String? = nil, body: String? = nil
    ) async throws -> Reply {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let key { request.setValue(key, forHTTPHeaderField: ContractHeader.idempotencyKey) }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for case let (name as String, value as String) in http?.allHeaderFields ?? [:] {
            headers[name.lowercased()] = value
        }
        return Reply(status: http?.statusCode ?? 0, body: data, headers: headers)
    }

    /// Polls `GET <base>/v1/operations/<id>` until the operation leaves `running` (at most `attempts` × 25 ms).
    public static func settle(
        _ base: String, _ id: String, token: String?, attempts: Int = 2400
    ) async throws -> NodeContract.Operation {
        for _ in 0..<attempts {
            let operation = try await send("GET", "\(base)\(ContractPath.operation(id: id))", token: token)
                .json(NodeContract.Operation.self)
            if operation.state != .running { return operation }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw StillRunning(id: id)
    }
}
