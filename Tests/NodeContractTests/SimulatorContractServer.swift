import FarmSimulator
import Foundation
import UpgradePlan

/// The simulator under the contract suite: plans/seed-phase1.yaml with a manual clock, so an operation runs until
/// the test moves time.
struct SimulatorContractServer: ContractServer {
    let farm: SimulatedFarm
    let token: String
    var base: String { farm.endpoints.nodes["AE_1A"]! }

    /// The repository's seed phase 1 topology.
    static var topologyPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("plans/seed-phase1.yaml").path
    }

    /// Starts the farm on free loopback ports.
    static func start() async throws -> SimulatorContractServer {
        let token = "sim-token-\(UInt32.random(in: 1_000_000...9_999_999))"
        let farm = try await SimulatedFarm.start(
            topology: try TopologyLoader.load(path: topologyPath),
            options: SimulationOptions(clock: .manual, token: token, seed: 7))
        return SimulatorContractServer(farm: farm, token: token)
    }

    /// Ten simulated minutes: longer than any operation of seed phase 1 takes.
    func finishRunningOperations() async throws {
        await farm.advance(seconds: 600)
    }

    func stop() async {
        await farm.stop()
    }
}
