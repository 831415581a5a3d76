import FarmSimulator
import Foundation
import NodeContract
import NodeTestSupport
import UpgradePlan

/// The simulator under the contract suite: plans/seed-phase1.yaml with a manual clock, so an operation runs until
/// the test moves time; the wizard steps go through its admin endpoint (spec/admin-api.yaml).
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

    /// `POST <admin>/zdu/dbload {version}`, then simulated time until compatibility mode shows (at most a day).
    func performDBLoad(target: String) async throws {
        let reply = try await HTTP.send(
            "POST", farm.endpoints.admin + "/zdu/dbload", token: nil, body: #"{"version": "\#(target)"}"#)
        guard (200..<300).contains(reply.status) else {
            throw UnexpectedReply(path: "<admin>/zdu/dbload", status: reply.status, body: reply.text)
        }
        for _ in 0..<144 {
            if try await system().zdu.phase == .compatibility { return }
            await farm.advance(seconds: 600)
        }
        throw UnexpectedReply(
            path: "<admin>/zdu/dbload", status: reply.status, body: "no compatibility mode after a day")
    }

    func stop() async {
        await farm.stop()
    }
}
