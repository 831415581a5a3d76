import Dispatch

/// Runs CPU-heavy test work on a Dispatch thread and awaits it, so the work does not hold one of the cooperative
/// pool's threads (two on a 2-core machine) that the network tests running beside it need.
enum OffPool {
    /// The result of `work`, computed off the cooperative pool.
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { done in
            DispatchQueue.global().async { done.resume(returning: work()) }
        }
    }
}
