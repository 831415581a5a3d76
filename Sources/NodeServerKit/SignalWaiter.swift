import Dispatch
import Foundation

/// Waits for SIGINT or SIGTERM: how the simulator and the node agent know to stop.
public enum SignalWaiter {
    /// Returns when the process receives SIGINT or SIGTERM (the default handlers are replaced).
    public static func waitForTermination() async {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        let queue = DispatchQueue(label: "aeupgrade.signals")
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        for await _ in stream { break }
        sources.forEach { $0.cancel() }
    }
}
