import CCurl
import Dispatch
import Foundation
import Synchronization

/// Performs blocking libcurl transfers on a small pool of dedicated threads (never on Swift's cooperative pool)
/// and bridges each completion to async/await. Each worker keeps one easy handle, so connections stay alive.
public final class CurlTransport: Sendable {
    private let queue: JobQueue
    private let settings: Settings

    /// Fixed per-transport settings every transfer uses.
    struct Settings: Sendable {
        var connectTimeoutMs: Int
        var totalTimeoutMs: Int
        var tls: TLSOptions
    }

    /// Starts `workers` threads; each owns one curl handle for its life.
    public init(workers: Int = 8, connectTimeout: Duration, totalTimeout: Duration, tls: TLSOptions) {
        _ = curlGlobalInit
        queue = JobQueue()
        settings = Settings(
            connectTimeoutMs: Int(connectTimeout.milliseconds), totalTimeoutMs: Int(totalTimeout.milliseconds),
            tls: tls)
        for index in 0..<max(1, workers) {
            let queue = self.queue
            let settings = self.settings
            let thread = Thread { CurlWorker(settings: settings).run(queue) }
            thread.name = "aeupgrade-curl-\(index)"
            thread.start()
        }
    }

    deinit {
        queue.shutdown()
    }

    /// Performs the request on a worker thread; throws `TransportFailure` when no HTTP response came back.
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

/// A FIFO of jobs shared by the workers; a semaphore counts queued jobs.
final class JobQueue: Sendable {
    private let jobs = Mutex<(items: [Job], closed: Bool)>(([], false))
    private let available = DispatchSemaphore(value: 0)

    func push(_ job: Job) {
        let closed = jobs.withLock { state -> Bool in
            if !state.closed { state.items.append(job) }
            return state.closed
        }
        if closed {
            job.continuation.resume(returning: .failure(TransportFailure(code: -1, message: "transport shut down")))
        } else {
            available.signal()
        }
    }

    /// Blocks until a job is queued; nil once the queue is closed and empty.
    func pop() -> Job? {
        while true {
            available.wait()
            let next = jobs.withLock { state -> (Job?, Bool) in
                state.items.isEmpty ? (nil, state.closed) : (state.items.removeFirst(), false)
            }
            if let job = next.0 { return job }
            if next.1 { available.signal(); return nil }
        }
    }

    func shutdown() {
        jobs.withLock { $0.closed = true }
        available.signal()
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
