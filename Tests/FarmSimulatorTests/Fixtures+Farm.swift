import FarmSimulator
import UpgradePlan

extension Fixtures {
    /// Runs `body` with a farm started on free loopback ports (manual clock) and stops the farm afterwards.
    static func withFarm(
        _ topology: Topology = small(), token: String? = nil, _ body: (SimulatedFarm) async throws -> Void
    ) async throws {
        let farm = try await SimulatedFarm.start(topology: topology, options: options(token: token))
        do { try await body(farm) } catch {
            await farm.stop()
            throw error
        }
        await farm.stop()
    }
}
