import CCurl
import Dispatch
import Foundation
import Synchronization

/// Performs libcurl transfers on one dedicated thread (never on Swift's cooperative pool) driving a curl multi
/// handle, and bridges each completion to async/await. The multi handle holds ONE connection cache for every node
/// (and its easy handles share TLS sessions and DNS), so a farm of 200 HTTPS nodes keeps one kept-alive
/// connection per node instead of re-handshaking whenever a request lands on another worker.
public final class CurlTransport: Sendable {
    private let queue: JobQueue
    private let settings: Settings

    /// Fixed per-transport settings every transfer uses.
    struct Settings: Sendable {
        var connectTimeoutMs: Int
        var totalTimeoutMs: Int
        var tls: TLSOptions
        /// Transfers in flight at once.
        var parallel: Int
        /// Idle connections kept alive (all nodes together).
        var maxConnections: Int
        /// Longest wait for socket activity or a new job before the transfer thread looks again.
        var idleWaitMs: Int32
    }

    /// Starts the transfer thread: at most `workers` transfers in flight at once, and up to `maxConnections` idle
    /// connections kept for reuse (give at least the number of nodes). `idleWait` bounds how long the transfer
    /// thread waits for socket activity or a new job before it looks again (a safety net: both wake it).
    public init(
        workers: Int = 8, connectTimeout: Duration, totalTimeout: Duration, tls: TLSOptions,
        maxConnections: Int = 64, idleWait: Duration = .seconds(1)
    ) {
        _ = curlGlobalInit
        settings = Settings(
            connectTimeoutMs: Int(connectTimeout.milliseconds), totalTimeoutMs: Int(totalTimeout.milliseconds),
            tls: tls, parallel: max(1, workers), maxConnections: max(1, maxConnections, workers),
            idleWaitMs: Int32(clamping: max(1, idleWait.milliseconds)))
        queue = JobQueue(multi: curl_multi_init())
        let queue = self.queue
        let settings = self.settings
        let thread = Thread { CurlWorker(settings: settings).run(queue) }
        thread.name = "aeupgrade-curl"
        thread.start()
    }

    deinit {
        queue.shutdown()
    }

    /// Performs the request on the transfer thread; throws `TransportFailure` when no HTTP response came back.
    public func perform(_ request: HTTPRequest) async throws -> HTTPResponse {
        let result: Result<HTTPResponse, TransportFailure> = await withCheckedContinuation { continuation in
            queue.push(Job(request: request, continuation: continuation))
        }
        return try result.get()
    }
}

/// One queued transfer and where its result goes.
struct Job: Sendable {
    let request: HTTPRequest
    let continuation: CheckedContinuation<Result<HTTPResponse, TransportFailure>, Never>
}

/// The multi handle, passed between threads: only the transfer thread drives it; other threads only wake it
/// (`curl_multi_wakeup` is thread-safe) under the queue's lock, which the transfer thread takes to retire it.
struct MultiHandle: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
}

/// A FIFO of jobs shared with the transfer thread, which it wakes from its poll when a job arrives.
final class JobQueue: Sendable {
    private let state: Mutex<(items: [Job], closed: Bool, multi: MultiHandle?)>

    init(multi: UnsafeMutableRawPointer?) {
        state = Mutex(([], false, multi.map(MultiHandle.init)))
    }

    /// The multi handle, nil when curl could not make one.
    var multi: UnsafeMutableRawPointer? { state.withLock { $0.multi?.pointer } }

    func push(_ job: Job) {
        let accepted = state.withLock { state -> Bool in
            guard !state.closed, let multi = state.multi else { return false }
            state.items.append(job)
            curl_multi_wakeup(multi.pointer)
            return true
        }
        if !accepted {
            job.continuation.resume(returning: .failure(TransportFailure(code: -1, message: "transport shut down")))
        }
    }

    /// Up to `limit` queued jobs (none when `limit` is 0), and whether the queue is closed.
    func take(limit: Int) -> (jobs: [Job], closed: Bool) {
        state.withLock { state in
            let count = min(max(limit, 0), state.items.count)
            let jobs = Array(state.items.prefix(count))
            state.items.removeFirst(count)
            return (jobs, state.closed)
        }
    }

    /// Whether jobs wait to be taken.
    var hasWaiting: Bool { state.withLock { !$0.items.isEmpty } }

    /// Forgets the multi handle (the transfer thread is about to clean it up): later pushes fail at once.
    func retire() -> [Job] {
        state.withLock { state in
            state.multi = nil
            state.closed = true
            defer { state.items = [] }
            return state.items
        }
    }

    func shutdown() {
        state.withLock { state in
            state.closed = true
            if let multi = state.multi { curl_multi_wakeup(multi.pointer) }
        }
    }
}

private let curlGlobalInit: Void = {
    curl_global_init(Int(CURL_GLOBAL_ALL))
}()

extension Duration {
    /// Whole milliseconds.
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
