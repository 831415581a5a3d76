import FarmSimulator
import NodeContract
import Testing
import UpgradePlan

/// CPs, agents and workload on the pure model, driven by simulated time (no sockets, no sleeps).
@Suite("FarmModel: CPs, agents, workload")
struct FarmModelAgentTests {
    @Test("DC2's CPs to standby with fallback: agents move to DC1 after the reconnect delay, no job is lost")
    func standbyWithFallback() {
        var model = Fixtures.model()
        model.advance(to: 120)
        let operation = model.run(.cpsStandby, on: "AE_1B", key: "k1")
        #expect(operation?.state == .running)
        model.advance(by: 10)
        #expect(model.cpModes("AE_1B") == [.standby, .standby])
        #expect(model.operation(id: operation!.id, on: "AE_1B")?.state == .succeeded)
        model.advance(by: 29)
        #expect(model.agents(of: "NA_DC2", on: "AE_1A") == 0)
        model.advance(by: 2)
        #expect(model.agents(of: "NA_DC2", on: "AE_1A") == 80)
        model.advance(by: 300)
        let report = model.report()
        #expect(report.jobs.lost == 0)
        #expect(report.jobs.waiting == 0)
        #expect(report.jobs.delayed > 0)
        #expect(report.jobs.longestDelaySeconds <= 31)
        #expect(report.secondsAnyNetAreaWithoutActiveCP == 0)
        #expect(report.jobs.submitted == report.jobs.completed + report.jobs.running)
    }

    @Test("without fallback the NetArea's jobs wait while its CPs are standby, then run when they come back")
    func standbyWithoutFallback() {
        var model = Fixtures.model(fallback: false)
        model.run(.cpsStandby, on: "AE_1B", key: "standby")
        model.advance(to: 200)
        var report = model.report()
        #expect(report.netAreas[1].disconnected == 80)
        #expect(report.netAreas[1].secondsWithoutReachableActiveCP >= 189)
        #expect(report.netAreas[0].secondsWithoutReachableActiveCP == 0)
        #expect(report.jobs.waiting > 0)
        model.run(.cpsActivate, on: "AE_1B", key: "activate")
        model.advance(by: 60)
        report = model.report()
        #expect(report.netAreas[1].home == 80)
        #expect(report.jobs.waiting == 0)
        #expect(report.jobs.longestDelaySeconds >= 180)
        #expect(report.jobs.lost == 0)
    }

    @Test("agents return home once their NetArea has an active CP again")
    func agentsReturnHome() {
        var model = Fixtures.model()
        model.run(.cpsStandby, on: "AE_1B", key: "s")
        model.advance(to: 60)
        #expect(model.agents(of: "NA_DC2", on: "AE_1A") == 80)
        model.run(.cpsActivate, on: "AE_1B", key: "a")
        model.advance(by: 10)
        #expect(model.agents(of: "NA_DC2", on: "AE_1A") == 80)
        model.advance(by: 32)
        #expect(model.agents(of: "NA_DC2", on: "AE_1B") == 80)
        #expect(model.report().netAreas[1].disconnected == 0)
    }

    @Test("the last active CP going standby makes the standby CPs activate by themselves")
    func lastActiveCPToStandby() {
        var model = Fixtures.model()
        model.run(.cpsStandby, on: "AE_1B", key: "b")
        model.advance(to: 20)
        #expect(model.cpModes("AE_1B") == [.standby, .standby])
        model.run(.cpsStandby, on: "AE_1A", key: "a")
        model.advance(by: 10)
        #expect(model.cpModes("AE_1A") == [.active, .active])
        #expect(model.cpModes("AE_1B") == [.active, .active])
        #expect(model.report().autoActivations == 1)
    }

    @Test("a partition cuts agents off the other datacenter's CPs")
    func partition() {
        var model = Fixtures.model()
        model.run(.cpsStandby, on: "AE_1B", key: "s")
        model.advance(to: 60)
        #expect(model.agents(of: "NA_DC2", on: "AE_1A") == 80)
        _ = model.inject(Fault(kind: .partition, datacenters: ["DC1", "DC2"]))
        model.advance(by: 60)
        #expect(model.report().netAreas[1].disconnected == 80)
        #expect(model.report().netAreas[1].secondsWithoutReachableActiveCP >= 59)
        _ = model.clearFaults()
        model.advance(by: 2)
        #expect(model.agents(of: "NA_DC2", on: "AE_1A") == 80)
    }

    @Test("10,000 agents (bench-sim runs 50,000): each submits one job per simulated minute; every job is counted")
    func manyAgents() {
        var topology = Fixtures.seed(nodesPerDC: 10)
        topology.agents = [AgentGroup(netArea: "NA_DC1", count: 6_000), AgentGroup(netArea: "NA_DC2", count: 4_000)]
        var model = FarmModel(topology: topology, options: Fixtures.options())
        model.advance(to: 120)
        var report = model.report()
        #expect(report.jobs.submitted == 20_000)
        #expect(report.jobs.completed + report.jobs.running == 20_000)
        #expect(report.netAreas.map(\.home) == [6_000, 4_000])
        model.run(.cpsStandby, on: "AE_1B", key: "s")
        model.advance(to: 240)
        report = model.report()
        #expect(report.jobs.submitted == 40_000)
        #expect(report.jobs.lost == 0 && report.jobs.waiting == 0)
        #expect(model.agents(of: "NA_DC2", on: "AE_1B") == 0)
        #expect(report.netAreas[1].home == 4_000)
    }

    @Test("the same topology, seed and commands give the same report")
    func deterministic() {
        func run() -> AvailabilityReport {
            var model = Fixtures.model()
            model.run(.cpsStandby, on: "AE_1B", key: "s")
            model.advance(to: 45)
            model.run(.wpsStop(drain: false), on: "AE_1A", key: "stop")
            _ = model.inject(Fault(kind: .errors, node: "AE_1A", rate: 0.5))
            _ = (0..<10).map { _ in model.drawFailure("AE_1A") }
            model.advance(to: 400)
            return model.report()
        }
        #expect(run() == run())
    }
}
