import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A tiny HTTP client for the tests (127.0.0.1 only).
enum HTTP {
    struct Reply {
        let status: Int
        let body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func json<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(type, from: body) }
    }

    static func send(
        _ method: String, _ url: String, token: String?, key: String? = nil, body: String? = nil
    ) async throws -> Reply {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let key { request.setValue(key, forHTTPHeaderField: "Idempotency-Key") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }
}
