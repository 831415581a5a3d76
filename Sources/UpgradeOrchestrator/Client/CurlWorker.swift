import CCurl

/// The body of the transfer thread: drives one curl multi handle (its connection cache serves every node) with
/// at most `settings.parallel` transfers at once; easy handles are reused, and never leave the thread.
struct CurlWorker {
    let settings: CurlTransport.Settings

    /// One transfer in flight: its job, response buffer and header list.
    private final class Transfer {
        let job: Job
        let buffer: UnsafeMutablePointer<ccurl_buffer>
        var headers: UnsafeMutablePointer<curl_slist>?

        init(job: Job) {
            self.job = job
            buffer = .allocate(capacity: 1)
            buffer.initialize(to: ccurl_buffer(data: nil, length: 0, capacity: 0))
        }

        deinit {
            ccurl_buffer_free(buffer)
            buffer.deallocate()
            curl_slist_free_all(headers)
        }
    }

    func run(_ queue: JobQueue) {
        guard let multi = queue.multi else {
            for job in queue.retire() {
                job.continuation.resume(returning: .failure(TransportFailure(code: -1, message: "curl_multi_init failed")))
            }
            return
        }
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, settings.maxConnections)
        let share = ccurl_share_new()
        var idle: [UnsafeMutableRawPointer] = []
        var active: [UnsafeMutableRawPointer: Transfer] = [:]
        while true {
            let (jobs, closed) = queue.take(limit: settings.parallel - active.count)
            if closed, jobs.isEmpty, active.isEmpty { break }
            for job in jobs {
                guard let easy = idle.popLast() ?? makeEasy(share: share) else {
                    job.continuation.resume(returning: .failure(TransportFailure(code: -1, message: "curl_easy_init failed")))
                    continue
                }
                let transfer = Transfer(job: job)
                configure(easy, transfer)
                active[easy] = transfer
                curl_multi_add_handle(multi, easy)
            }
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            var easy: UnsafeMutableRawPointer?
            var code = CURLE_OK
            while ccurl_multi_next_done(multi, &easy, &code) == 1 {
                guard let done = easy, let transfer = active.removeValue(forKey: done) else { continue }
                curl_multi_remove_handle(multi, done)
                let result = outcome(done, code: code, buffer: transfer.buffer)
                idle.append(done)
                transfer.job.continuation.resume(returning: result)
            }
            // Jobs left queued when every slot was busy woke an earlier poll already: with a slot free now, take
            // them at once instead of waiting for socket activity (none when every transfer just finished).
            if active.count < settings.parallel && queue.hasWaiting { continue }
            curl_multi_poll(multi, nil, 0, settings.idleWaitMs, nil)
        }
        for job in queue.retire() {
            job.continuation.resume(returning: .failure(TransportFailure(code: -1, message: "transport shut down")))
        }
        for easy in idle { curl_easy_cleanup(easy) }
        curl_multi_cleanup(multi)
        if let share { curl_share_cleanup(share) }
    }

    private func makeEasy(share: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
        guard let easy = curl_easy_init() else { return nil }
        if let share { _ = ccurl_setopt_pointer(easy, CURLOPT_SHARE, share) }
        return easy
    }

    private func configure(_ handle: UnsafeMutableRawPointer, _ transfer: Transfer) {
        let request = transfer.job.request
        curl_easy_reset(handle)  // keeps the share; connections live in the multi handle's cache
        _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_string(handle, CURLOPT_URL, request.url)
        _ = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, settings.connectTimeoutMs)
        _ = ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, settings.totalTimeoutMs)
        _ = ccurl_setopt_long(handle, CURLOPT_TCP_NODELAY, 1)
        if let ca = settings.tls.caFile { _ = ccurl_setopt_string(handle, CURLOPT_CAINFO, ca) }
        if let cert = settings.tls.certFile { _ = ccurl_setopt_string(handle, CURLOPT_SSLCERT, cert) }
        if let key = settings.tls.keyFile { _ = ccurl_setopt_string(handle, CURLOPT_SSLKEY, key) }
        for line in request.headers { transfer.headers = curl_slist_append(transfer.headers, line) }
        _ = ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, transfer.headers)
        if request.method == "POST" {
            let body = request.body ?? []
            let text = String(decoding: body, as: UTF8.self)
            _ = ccurl_setopt_postfields(handle, text, body.count)
        } else {
            _ = ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1)
        }
        _ = ccurl_setopt_write_buffer(handle, transfer.buffer)
    }

    private func outcome(
        _ handle: UnsafeMutableRawPointer, code: CURLcode, buffer: UnsafeMutablePointer<ccurl_buffer>
    ) -> Result<HTTPResponse, TransportFailure> {
        guard code == CURLE_OK else {
            let message = String(cString: curl_easy_strerror(code))
            return .failure(TransportFailure(code: Int(code.rawValue), message: message))
        }
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var retryAfter: Int64 = 0
        _ = ccurl_getinfo_retry_after(handle, &retryAfter)
        var body: [UInt8] = []
        if let data = buffer.pointee.data, buffer.pointee.length > 0 {
            body = Array(UnsafeRawBufferPointer(start: data, count: buffer.pointee.length))
        }
        return .success(HTTPResponse(status: status, body: body, retryAfterSeconds: retryAfter > 0 ? Int(retryAfter) : nil))
    }
}
