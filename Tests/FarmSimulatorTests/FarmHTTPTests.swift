import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradePlan

/// Model scenarios driven through the HTTP API of a farm on free loopback ports, with a manual clock.
@Suite("SimulatedFarm over HTTP: scenarios")
struct FarmHTTPTests {
    let client = HTTPTestClient()

    /// The node URL of `name` plus `path`.
    func url(_ farm: SimulatedFarm, _ name: String, _ path: String) -> String {
        farm.endpoints.nodes[name]! + path
    }

    @Test("DC2's CPs to standby with fallback: agents move to DC1, no job is lost")
    func standbyWithFallback() async throws {
        try await Fixtures.withFarm { farm in
            let answer = try await client.post(url(farm, "AE_1B", ContractPath.cpsStandby), key: "dc2-standby")
            #expect(answer.status == 202)
            let operation = try answer.decode(Operation.self)
            await farm.advance(seconds: 50)
            let polled = try await client.get(url(farm, "AE_1B", ContractPath.operation(id: operation.id)))
            #expect(try polled.decode(Operation.self).state == .succeeded)
            let system = try await client.get(url(farm, "AE_1A", ContractPath.system)).decode(SystemState.self)
            let dc2 = system.netAreas.first { $0.name == "NA_DC2" }!
            #expect(dc2.home == 0 && dc2.disconnected == 0)
            #expect(dc2.connected.keys.allSatisfy { $0.hasPrefix("AE_1A/") })
            await farm.advance(seconds: 300)
            let report = try await client.get(farm.endpoints.admin + "/report").decode(AvailabilityReport.self)
            #expect(report.jobs.lost == 0)
            #expect(report.jobs.waiting == 0)
            #expect(report.secondsAnyNetAreaWithoutActiveCP == 0)
        }
    }

    @Test("without fallback DC2's jobs wait and the report shows it")
    func standbyWithoutFallback() async throws {
        try await Fixtures.withFarm(Fixtures.seed(fallback: false)) { farm in
            #expect(try await client.post(url(farm, "AE_1B", ContractPath.cpsStandby), key: "s").status == 202)
            await farm.advance(seconds: 300)
            let report = try await client.get(farm.endpoints.admin + "/report").decode(AvailabilityReport.self)
            #expect(report.jobs.waiting > 0)
            #expect(report.netAreas.first { $0.name == "NA_DC2" }!.secondsWithoutReachableActiveCP >= 289)
            #expect(report.netAreas.first { $0.name == "NA_DC2" }!.disconnected == 80)
        }
    }

    @Test("stopping the PWP's WPs without a handover shows a takeover gap")
    func takeoverGap() async throws {
        try await Fixtures.withFarm { farm in
            let stop = try await client.post(
                url(farm, "AE_1A", ContractPath.wpsStop), key: "stop", json: #"{"drain": true}"#)
            #expect(stop.status == 202)
            await farm.advance(seconds: 40)
            let gap = try await client.get(url(farm, "AE_1B", ContractPath.system)).decode(SystemState.self)
            #expect(gap.pwp == nil)
            #expect(gap.health == .down)
            await farm.advance(seconds: 200)
            let report = await farm.report()
            #expect(report.secondsWithoutPWP >= 59)
            #expect(report.takeovers == 1)
            #expect(report.pwp == "AE_1B/WP1")
        }
    }

    @Test("the last active CP going standby makes standby CPs activate")
    func lastActiveCP() async throws {
        try await Fixtures.withFarm { farm in
            _ = try await client.post(url(farm, "AE_1B", ContractPath.cpsStandby), key: "b")
            await farm.advance(seconds: 20)
            _ = try await client.post(url(farm, "AE_1A", ContractPath.cpsStandby), key: "a")
            await farm.advance(seconds: 20)
            for name in ["AE_1A", "AE_1B"] {
                let node = try await client.get(url(farm, name, ContractPath.node)).decode(NodeState.self)
                #expect(node.processes.compactMap(\.cpMode) == [.active, .active])
            }
            #expect(await farm.report().autoActivations == 1)
        }
    }

    @Test("ZDU hazards: a stopped base process is not restarted; all base stopped finalizes by itself")
    func zduHazards() async throws {
        try await Fixtures.withFarm { farm in
            let a = farm.endpoints.nodes["AE_1A"]!, b = farm.endpoints.nodes["AE_1B"]!
            _ = try await client.post(b + ContractPath.binariesStage, key: "stage", json: #"{"version": "24.4.1"}"#)
            _ = try await client.post(a + ContractPath.zduPrepare, key: "prepare", json: #"{"version": "24.4.1"}"#)
            await farm.advance(seconds: 120)
            _ = try await client.post(b + ContractPath.wpsStop, key: "stop-b", json: #"{"drain": false}"#)
            let restart = try await client.post(b + ContractPath.processesStart, key: "restart-b")
            #expect(restart.status == 409)
            #expect(restart.contentType == ContractHeader.problemJSON)
            _ = try await client.post(
                b + ContractPath.binariesInstall, key: "install-b", json: #"{"version": "24.4.1"}"#)
            await farm.advance(seconds: 300)
            #expect(try await client.post(b + ContractPath.processesStart, key: "start-b").status == 202)
            await farm.advance(seconds: 120)
            _ = try await client.post(a + ContractPath.wpsStop, key: "stop-a", json: #"{"drain": false}"#)
            let system = try await client.get(b + ContractPath.system).decode(SystemState.self)
            #expect(system.zdu.phase == .finalized)
            #expect(try await client.post(b + ContractPath.zduRollback, key: "rollback").status == 409)
            #expect(await farm.report().autoFinalized)
        }
    }
}
