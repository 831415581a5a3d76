import FarmSimulator
import Foundation
import UpgradeOrchestrator
import UpgradePlan

/// A simulated farm on loopback and a libcurl client for it, with fast time.
struct SimulatorHarness {
    static let scale = 1000.0
    let plan: Plan
    let farm: SimulatedFarm
    let client: CurlNodeClient

    static func start(
        _ plan: Plan, token: String? = nil, clientToken: String? = nil, seed: UInt64 = 1, fencePerNode: Bool = false
    ) async throws -> SimulatorHarness {
        var options = SimulationOptions(clock: .scaled(scale), token: token, seed: seed)
        options.fencePerNode = fencePerNode
        let farm = try await SimulatedFarm.start(topology: plan.topology, options: options)
        let client = CurlNodeClient(
            endpoints: farm.endpoints.nodes, token: (clientToken ?? token).map(BearerToken.init),
            connectTimeout: .seconds(1), totalTimeout: .seconds(5),
            backoff: Backoff(base: .milliseconds(5), cap: .milliseconds(40), maxAttempts: 4))
        return SimulatorHarness(plan: plan, farm: farm, client: client)
    }

    static func options(state: String, approveAll: Bool = true) -> RunOptions {
        RunOptions(
            stateDirectory: state, approveAll: approveAll, timeScale: scale, pollInterval: .milliseconds(5),
            stepTimeout: .seconds(3_000), retryDelay: .milliseconds(50))
    }

    func run(
        _ mode: RunMode = .apply, state: String, log: EventLog = EventLog()
    ) async throws(RunError) -> RunResult {
        try await UpgradeRun(
            plan: plan, client: client, options: Self.options(state: state), clock: ContinuousClock(),
            emit: { await log.append($0) }
        ).execute(mode)
    }
}
