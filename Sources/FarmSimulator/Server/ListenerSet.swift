import Hummingbird
import Logging
import NodeServerKit

/// The farm's HTTP listeners (one per node, one admin), each a Hummingbird application on 127.0.0.1 with the
/// shared `ServerLimits` (idle and header timeouts, header caps, close on a parse error).
/// A node's listener can be closed (connections refused) and opened again on the same port.
actor ListenerSet {
    private var servers: [String: BackgroundServer] = [:]
    /// The latest close or reopen of each listener (the next one waits for it).
    private var changes: [String: Task<Void, Never>] = [:]
    private(set) var ports: [String: Int] = [:]
    private var responders: [String: LimitedResponder<NodeResponder>] = [:]
    private let logger: Logger

    /// Creates an empty set; Hummingbird logs only critical errors.
    init() {
        var logger = Logger(label: "aeupgrade-sim")
        logger.logLevel = .critical
        self.logger = logger
    }

    /// Starts a listener named `name` on `port` (0: ephemeral) and returns the port it bound.
    func open<R: HTTPResponder>(_ name: String, responder: R, port: Int) async throws -> Int
    where R.Context == BasicRequestContext {
        let logger = self.logger
        let server: BackgroundServer
        do {
            server = try await BackgroundServer.start(logger: logger) { onServerRunning in
                Application(
                    responder: responder, server: .http1(configuration: ServerLimits.standard.http1),
                    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
                    onServerRunning: onServerRunning, logger: logger)
            }
        } catch {
            throw SimulatorError.listenerFailed(name: name, port: port, reason: "\(error)")
        }
        servers[name] = server
        ports[name] = server.port
        return server.port
    }

    /// Remembers a node's responder so its listener can be reopened after a nodeDown fault.
    func remember(_ name: String, responder: LimitedResponder<NodeResponder>) {
        responders[name] = responder
    }

    /// Closes a listener: new connections are refused.
    func close(_ name: String) async {
        await serially(name) { await self.closeNow(name) }
    }

    /// Opens a closed node listener again on its former port.
    func reopen(_ name: String) async throws {
        let result = await serially(name) { () -> Result<Void, any Error> in
            do {
                try await self.reopenNow(name)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    private func closeNow(_ name: String) async {
        guard let server = servers.removeValue(forKey: name) else { return }
        await server.stop()
    }

    private func reopenNow(_ name: String) async throws {
        guard servers[name] == nil, let responder = responders[name], let port = ports[name] else { return }
        _ = try await open(name, responder: responder, port: port)
    }

    /// Runs `change` after the previous close or reopen of the same listener has finished: a reopen never races a
    /// close still draining its connections, and a close arriving during a reopen closes the reopened listener.
    private func serially<T: Sendable>(_ name: String, _ change: @escaping @Sendable () async -> T) async -> T {
        let previous = changes[name]
        let task = Task { () -> T in
            await previous?.value
            return await change()
        }
        changes[name] = Task { _ = await task.value }
        return await task.value
    }

    /// Closes every listener.
    func closeAll() async {
        for name in ports.keys.sorted() { await close(name) }  // every listener, even one being reopened now
    }
}
