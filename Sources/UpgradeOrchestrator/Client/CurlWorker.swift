import CCurl

/// The body of one transport thread: owns a curl easy handle (never shared, never leaves the thread) and a
/// response buffer, and performs jobs one after another with keep-alive connection reuse.
struct CurlWorker {
    let settings: CurlTransport.Settings

    func run(_ queue: JobQueue) {
        guard let handle = curl_easy_init() else {
            while let job = queue.pop() {
                job.continuation.resume(returning: .failure(TransportFailure(code: -1, message: "curl_easy_init failed")))
            }
            return
        }
        var buffer = ccurl_buffer(data: nil, length: 0, capacity: 0)
        defer {
            ccurl_buffer_free(&buffer)
            curl_easy_cleanup(handle)
        }
        while let job = queue.pop() {
            let result = perform(job.request, handle: handle, buffer: &buffer)
            job.continuation.resume(returning: result)
        }
    }

    private func perform(
        _ request: HTTPRequest, handle: UnsafeMutableRawPointer, buffer: inout ccurl_buffer
    ) -> Result<HTTPResponse, TransportFailure> {
        curl_easy_reset(handle)  // keeps the connection cache: keep-alive survives
        ccurl_buffer_reset(&buffer)
        _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_string(handle, CURLOPT_URL, request.url)
        _ = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, settings.connectTimeoutMs)
        _ = ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, settings.totalTimeoutMs)
        _ = ccurl_setopt_long(handle, CURLOPT_TCP_NODELAY, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_MAXCONNECTS, 64)
        if let ca = settings.tls.caFile { _ = ccurl_setopt_string(handle, CURLOPT_CAINFO, ca) }
        if let cert = settings.tls.certFile { _ = ccurl_setopt_string(handle, CURLOPT_SSLCERT, cert) }
        if let key = settings.tls.keyFile { _ = ccurl_setopt_string(handle, CURLOPT_SSLKEY, key) }
        var headers: UnsafeMutablePointer<curl_slist>? = nil
        for line in request.headers { headers = curl_slist_append(headers, line) }
        defer { curl_slist_free_all(headers) }
        _ = ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers)
        if request.method == "POST" {
            let body = request.body ?? []
            let text = String(decoding: body, as: UTF8.self)
            _ = ccurl_setopt_postfields(handle, text, body.count)
        } else {
            _ = ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1)
        }
        _ = ccurl_setopt_write_buffer(handle, &buffer)
        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else {
            let message = String(cString: curl_easy_strerror(code))
            return .failure(TransportFailure(code: Int(code.rawValue), message: message))
        }
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var retryAfter: Int64 = 0
        _ = ccurl_getinfo_retry_after(handle, &retryAfter)
        var body: [UInt8] = []
        if let data = buffer.data, buffer.length > 0 {
            body = Array(UnsafeRawBufferPointer(start: data, count: buffer.length))
        }
        return .success(HTTPResponse(status: status, body: body, retryAfterSeconds: retryAfter > 0 ? Int(retryAfter) : nil))
    }
}
