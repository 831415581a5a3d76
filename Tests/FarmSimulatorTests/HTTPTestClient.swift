import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NodeContract

/// A minimal HTTP client for the simulator tests (URLSession; the orchestrator's libcurl client is not used here).
struct HTTPTestClient {
    /// One answer.
    struct Answer {
        var status: Int
        var contentType: String?
        var data: Data

        /// Decodes the body.
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try JSONDecoder().decode(type, from: data)
        }
    }

    /// Bearer token to send, if any.
    var token: String?

    /// Sends a request and returns the answer; throws URLError on network failures (refused connections).
    func send(_ method: String, _ url: String, key: String? = nil, json: String? = nil) async throws -> Answer {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.timeoutInterval = 10
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let key { request.setValue(key, forHTTPHeaderField: ContractHeader.idempotencyKey) }
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return Answer(
            status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type"), data: data)
    }

    /// GET.
    func get(_ url: String) async throws -> Answer {
        try await send("GET", url)
    }

    /// POST with an Idempotency-Key.
    func post(_ url: String, key: String, json: String? = nil) async throws -> Answer {
        try await send("POST", url, key: key, json: json)
    }
}
