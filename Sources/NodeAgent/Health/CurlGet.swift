import CCurl
import Foundation

/// A minimal HTTP GET over libcurl for the AE REST health check, performed on its own thread (never on Swift's
/// cooperative pool). UpgradeOrchestrator's CurlTransport is not reused: reaching it would pull in the whole
/// orchestrator.
enum CurlGet {
    /// Status code and body of a GET, or a transport failure message.
    static func get(url: String, userPassword: String?, timeoutSeconds: Int) async -> Result<(Int, Data), CurlFailure> {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: perform(url: url, userPassword: userPassword, timeout: timeoutSeconds))
            }
            thread.name = "aeupgrade-node-health"
            thread.start()
        }
    }

    private static func perform(url: String, userPassword: String?, timeout: Int) -> Result<(Int, Data), CurlFailure> {
        _ = globalInit
        guard let handle = curl_easy_init() else { return .failure(CurlFailure(message: "curl_easy_init failed")) }
        var buffer = ccurl_buffer(data: nil, length: 0, capacity: 0)
        defer {
            ccurl_buffer_free(&buffer)
            curl_easy_cleanup(handle)
        }
        _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_string(handle, CURLOPT_URL, url)
        _ = ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeout * 1000)
        _ = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(timeout, 5) * 1000)
        if let userPassword {
            _ = ccurl_setopt_long(handle, CURLOPT_HTTPAUTH, 1)  // CURLAUTH_BASIC: a macro Swift does not import
            _ = ccurl_setopt_string(handle, CURLOPT_USERPWD, userPassword)
        }
        var headers: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "Accept: application/json")
        defer { curl_slist_free_all(headers); headers = nil }
        _ = ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers)
        _ = ccurl_setopt_write_buffer(handle, &buffer)
        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else {
            return .failure(CurlFailure(message: String(cString: curl_easy_strerror(code))))
        }
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var body = Data()
        if let data = buffer.data, buffer.length > 0 { body = Data(bytes: data, count: buffer.length) }
        return .success((status, body))
    }

    private static let globalInit: Void = {
        curl_global_init(Int(CURL_GLOBAL_ALL))
    }()
}

/// A GET that got no HTTP response.
struct CurlFailure: Error, Sendable {
    /// libcurl's message.
    let message: String
}
