import Foundation
import NodeTestSupport

/// The simulator tests' HTTP client: the shared test client (`NodeTestSupport.HTTP`) with a bearer token kept.
struct HTTPTestClient {
    /// Bearer token to send, if any.
    var token: String?

    /// Sends a request and returns the answer; throws URLError on network failures (refused connections).
    func send(_ method: String, _ url: String, key: String? = nil, json: String? = nil) async throws -> HTTP.Reply {
        try await HTTP.send(method, url, token: token, key: key, body: json)
    }

    /// GET.
    func get(_ url: String) async throws -> HTTP.Reply {
        try await send("GET", url)
    }

    /// POST with an Idempotency-Key.
    func post(_ url: String, key: String, json: String? = nil) async throws -> HTTP.Reply {
        try await send("POST", url, key: key, json: json)
    }
}

extension HTTP.Reply {
    /// Decodes the body.
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try json(type) }
}
