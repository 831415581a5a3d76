import Hummingbird
import Logging

/// The farm's HTTP listeners (one per node, one admin), each a Hummingbird application on 127.0.0.1.
/// A node's listener can be closed (connections refused) and opened again on the same port.
actor ListenerSet {
    private var tasks: [String: Task<Void, any Error>] = [:]
    private(set) var ports: [String: Int] = [:]
    private var responders: [String: NodeResponder] = [:]
    private let logger: Logger

    /// Creates an empty set; Hummingbird logs only critical errors (cancelling a listener on purpose logs an error).
    init() {
        var logger = Logger(label: "aeupgrade-sim")
        logger.logLevel = .critical
        self.logger = logger
    }

    /// Starts a listener named `name` on `port` (0: ephemeral) and returns the port it bound.
    func open<R: HTTPResponder>(_ name: String, responder: R, port: Int) async throws -> Int
    where R.Context == BasicRequestContext {
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let task = Task {
            defer { continuation.finish() }
            try await app.run()
        }
        var bound: Int?
        for await value in stream { bound = value }
        guard let bound else {
            do { try await task.value } catch {
                throw SimulatorError.listenerFailed(name: name, port: port, reason: "\(error)")
            }
            throw SimulatorError.listenerFailed(name: name, port: port, reason: "the server stopped before it listened")
        }
        tasks[name] = task
        ports[name] = bound
        return bound
    }

    /// Remembers a node's responder so its listener can be reopened after a nodeDown fault.
    func remember(_ name: String, responder: NodeResponder) {
        responders[name] = responder
    }

    /// Closes a listener: new connections are refused.
    func close(_ name: String) async {
        guard let task = tasks.removeValue(forKey: name) else { return }
        task.cancel()
        _ = try? await task.value
    }

    /// Opens a closed node listener again on its former port.
    func reopen(_ name: String) async throws {
        guard tasks[name] == nil, let responder = responders[name], let port = ports[name] else { return }
        _ = try await open(name, responder: responder, port: port)
    }

    /// Closes every listener.
    func closeAll() async {
        for name in tasks.keys.sorted() { await close(name) }
    }
}
