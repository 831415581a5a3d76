import FarmSimulator
import Foundation
import NodeContract
import NodeTestSupport
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

    /// Posts to the admin endpoint.
    func admin(_ farm: SimulatedFarm, _ path: String, json: String? = nil) async throws -> HTTP.Reply {
        try await client.send("POST", farm.endpoints.admin + path, json: json)
    }

    @Test("cps/stop: DC2's agents reconnect to DC1 through the declared fallback; no job is lost")
    func cpsStopWithFallback() async throws {
        try await Fixtures.withFarm { farm in
            let answer = try await client.post(url(farm, "AE_1B", ContractPath.cpsStop), key: "dc2-cps")
            #expect(answer.status == 202)
            let operation = try answer.decode(Operation.self)
            #expect(operation.action == "cps/stop" && operation.etaSeconds == 10)
            await farm.advance(seconds: 50)
            let polled = try await client.get(url(farm, "AE_1B", ContractPath.operation(id: operation.id)))
            #expect(try polled.decode(Operation.self).state == .succeeded)
            let system = try await client.get(url(farm, "AE_1A", ContractPath.system)).decode(SystemState.self)
            for area in system.netAreas where area.name == "NA_DC2" {
                #expect(area.home == 0 && area.disconnected == 0)
                #expect(area.connected.keys.allSatisfy { $0.hasPrefix("AE_1A/\(area.via.rawValue)") })
            }
            await farm.advance(seconds: 300)
            let report = try await client.get(farm.endpoints.admin + "/report").decode(AvailabilityReport.self)
            #expect(report.jobs.lost == 0 && report.jobs.waiting == 0)
            #expect(report.secondsAnyNetAreaWithoutCP == 0)
        }
    }

    @Test("AE-ZDU-6 over HTTP: processes/start in compatibility mode is 409 problem+json naming KB 84928")
    func restartRefused() async throws {
        try await Fixtures.withFarm { farm in
            let b = farm.endpoints.nodes["AE_1B"]!
            #expect(try await admin(farm, "/zdu/dbload", json: #"{"version": "24.4.4"}"#).status == 200)
            _ = try await client.post(b + ContractPath.wpsStop, key: "stop", json: #"{"drain": false}"#)
            let restart = try await client.post(b + ContractPath.processesStart, key: "restart")
            #expect(restart.status == 409)
            #expect(restart.contentType == ContractHeader.problemJSON)
            #expect(try restart.decode(Problem.self).detail?.contains("KB 84928") == true)
        }
    }

    @Test("wizard on the admin endpoint: switch 409 until a target WP runs; switch, rollback, switch, finalize")
    func wizard() async throws {
        try await Fixtures.withFarm { farm in
            let b = farm.endpoints.nodes["AE_1B"]!
            #expect(try await admin(farm, "/zdu/dbload", json: "{}").status == 422)
            let loaded = try await admin(farm, "/zdu/dbload", json: #"{"version": "24.4.4"}"#)
            #expect(try loaded.decode(ZDUState.self).phase == .compatibility)
            let early = try await admin(farm, "/zdu/switch")
            #expect(early.status == 409 && early.contentType == ContractHeader.problemJSON)
            _ = try await client.post(b + ContractPath.binariesStage, key: "stage", json: #"{"version": "24.4.4"}"#)
            await farm.advance(seconds: 120)
            #expect(try await client.post(b + ContractPath.cpsStop, key: "cps").status == 202)
            await farm.advance(seconds: 41)
            _ = try await client.post(b + ContractPath.wpsStop, key: "wps", json: #"{"drain": true}"#)
            await farm.advance(seconds: 60)
            let start = try await client.post(b + ContractPath.targetStart, key: "t", json: #"{"version": "24.4.4"}"#)
            #expect(start.status == 202)
            await farm.advance(seconds: 120)
            #expect(try await admin(farm, "/zdu/switch").decode(ZDUState.self).phase == .switched)
            let rolledBack = try await admin(farm, "/zdu/rollback").decode(ZDUState.self)
            #expect(rolledBack.phase == .compatibility && rolledBack.rolledBack == true)
            #expect(try await admin(farm, "/zdu/switch").status == 200)
            await farm.advance(seconds: 30)
            #expect(try await admin(farm, "/zdu/finalize").decode(ZDUState.self).phase == .finalized)
            #expect(try await admin(farm, "/zdu/rollback").status == 409)
            let system = try await client.get(b + ContractPath.system).decode(SystemState.self)
            #expect(system.pwp?.process == "AE_1B/WP1@24.4.4" && system.health == .up)
        }
    }

    @Test("AE-PWP-1 over HTTP: stopping the PWP's WPs shows a takeover gap")
    func takeoverGap() async throws {
        try await Fixtures.withFarm { farm in
            let stop = try await client.post(
                url(farm, "AE_1A", ContractPath.wpsStop), key: "stop", json: #"{"drain": true}"#)
            #expect(stop.status == 202)
            await farm.advance(seconds: 40)
            let gap = try await client.get(url(farm, "AE_1B", ContractPath.system)).decode(SystemState.self)
            #expect(gap.pwp == nil && gap.health == .down)
            await farm.advance(seconds: 200)
            let report = await farm.report()
            #expect(report.secondsWithoutPWP >= 59)
            #expect(report.takeovers == 1)
            #expect(report.pwp == "AE_1B/WP1")
        }
    }
}
