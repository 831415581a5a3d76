import Foundation
import Hummingbird
import NodeContract
import NodeServerKit
import UpgradePlan

/// A simulated AE farm listening on 127.0.0.1: one endpoint per node speaking the node contract, one admin endpoint
/// (report, faults, clock, wizard steps).
///
/// ```swift
/// let farm = try await SimulatedFarm.start(topology: topology, options: .init(clock: .manual))
/// // farm.endpoints.nodes["AE_1A"] == "http://127.0.0.1:41234"
/// await farm.advance(seconds: 60)
/// let report = await farm.report()
/// await farm.stop()
/// ```
public actor SimulatedFarm {
    /// Base URLs of the nodes and of the admin endpoint.
    public nonisolated let endpoints: FarmEndpoints
    /// Warnings from start-up (e.g. a topology port that was taken).
    public nonisolated let notes: [String]
    private let engine: FarmEngine
    private let listeners: ListenerSet
    private var ticker: Task<Void, Never>?

    private init(endpoints: FarmEndpoints, notes: [String], engine: FarmEngine, listeners: ListenerSet) {
        self.endpoints = endpoints
        self.notes = notes
        self.engine = engine
        self.listeners = listeners
    }

    /// Starts a farm of the topology; returns once every listener accepts connections.
    public static func start(topology: Topology, options: SimulationOptions = SimulationOptions()) async throws
        -> SimulatedFarm {
        guard !topology.nodes.isEmpty else { throw SimulatorError.invalidTopology(reason: "it has no nodes") }
        let engine = FarmEngine(model: FarmModel(topology: topology, options: options))
        let listeners = ListenerSet()
        let farmFence = try FenceGate()
        let results = try await withThrowingTaskGroup(of: (String, Int, String?).self) { group in
            for node in topology.nodes {
                let fence = options.fencePerNode ? try FenceGate() : farmFence
                group.addTask {
                    let responder = LimitedResponder(NodeResponder(
                        node: node.name, engine: engine, token: options.token, fence: fence))
                    await listeners.remember(node.name, responder: responder)
                    let wanted = options.useTopologyPorts ? (URL(string: node.endpoint)?.port ?? 0) : 0
                    do {
                        return (node.name, try await listeners.open(node.name, responder: responder, port: wanted), nil)
                    } catch where wanted != 0 {
                        let port = try await listeners.open(node.name, responder: responder, port: 0)
                        return (node.name, port, "\(node.name): port \(wanted) is taken, listening on \(port) instead")
                    }
                }
            }
            var collected: [(String, Int, String?)] = []
            for try await result in group { collected.append(result) }
            return collected
        }
        let adminPort = try await listeners.open(
            "admin", responder: AdminResponder(engine: engine, listeners: listeners), port: 0)
        let endpoints = FarmEndpoints(
            nodes: Dictionary(uniqueKeysWithValues: results.map { ($0.0, "http://127.0.0.1:\($0.1)") }),
            admin: "http://127.0.0.1:\(adminPort)", timeScale: options.clock.scale)
        let farm = SimulatedFarm(
            endpoints: endpoints, notes: results.compactMap(\.2).sorted(), engine: engine, listeners: listeners)
        if case .scaled = options.clock { await farm.startTicker() }
        return farm
    }

    /// Keeps simulated time (and the report's counters) moving while nobody asks.
    private func startTicker() {
        let engine = self.engine
        ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(50))
                await engine.sync()
            }
        }
    }

    /// The availability report now.
    public func report() async -> AvailabilityReport {
        await engine.read { $0.report() }
    }

    /// Jumps simulated time ahead by `seconds` (with a manual clock, the only way time moves); returns simulated now.
    @discardableResult
    public func advance(seconds: Double) async -> Double {
        await engine.advance(seconds: seconds)
    }

    /// Injects a fault, as `POST <admin>/faults` does; throws the 422 problem for a malformed fault.
    public func inject(_ fault: Fault) async throws {
        switch await engine.mutate({ $0.inject(fault) }) {
        case .failure(let problem): throw problem
        case .success(let actions):
            for case .closeListener(let node) in actions { await listeners.close(node) }
        }
    }

    /// Performs a ZDU wizard step, as `POST <admin>/zdu/...` does; throws the 409/422 problem when it is refused.
    @discardableResult
    public func wizard(_ step: WizardStep) async throws -> ZDUState {
        try await engine.mutate { $0.perform(step) }.get()
    }

    /// Clears every fault, as `DELETE <admin>/faults` does.
    public func clearFaults() async throws {
        for case .openListener(let node) in await engine.mutate({ $0.clearFaults() }) {
            try await listeners.reopen(node)
        }
    }

    /// Reads the model directly (for tests and tools in the same process).
    public func inspect<T: Sendable>(_ body: @Sendable (FarmModel) -> T) async -> T {
        await engine.read(body)
    }

    /// Stops every listener; the farm cannot be restarted.
    public func stop() async {
        ticker?.cancel()
        ticker = nil
        await listeners.closeAll()
    }
}
