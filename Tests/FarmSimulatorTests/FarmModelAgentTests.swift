import FarmSimulator
import NodeContract
import Testing
import UpgradePlan

/// Agents and the CPs/JCPs that serve them, on the pure model with simulated time.
@Suite("FarmModel: agents and serving processes")
struct FarmModelAgentTests {
    @Test("AE-NETAREA-1: agents reconnect after agentsReconnect to another serving process of their NetArea")
    func reconnectWithinNetArea() {
        var model = Fixtures.model(nodesPerDC: 2)
        model.run(.cpsStop, on: "AE_1B", key: "cps")
        model.advance(by: 10)
        #expect(model.area("NA_DC2", .jcp).disconnected > 0)
        model.advance(by: 29)
        #expect(model.area("NA_DC2", .jcp).disconnected > 0)
        model.advance(by: 1)
        for via in [ProcessKind.cp, .jcp] {
            let area = model.area("NA_DC2", via)
            #expect(area.disconnected == 0 && area.home == area.agents)
            #expect(area.connected.keys.allSatisfy { $0.hasPrefix("AE_2B/") })
        }
        #expect(model.report().secondsAnyNetAreaWithoutCP == 0)
    }

    @Test("AE-NONSTOP-1: no self-activating CPs: with every CP and JCP stopped, none starts again and the farm is DOWN")
    func noSelfActivation() {
        var model = Fixtures.model()
        model.run(.cpsStop, on: "AE_1B", key: "b")
        model.run(.cpsStop, on: "AE_1A", key: "a")
        model.advance(by: 600)
        for node in ["AE_1A", "AE_1B"] {
            let communication = model.nodeState(node)!.processes.filter { $0.kind == .cp || $0.kind == .jcp }
            #expect(communication.allSatisfy { $0.state == .stopped })
        }
        #expect(model.systemState().health == .down)
        let report = model.report()
        #expect(report.secondsAnyNetAreaWithoutCP == 590)
        #expect(report.jobs.waiting > 0)
    }

    @Test("AE-NETAREA-2: fallback only when declared: without one, unserved agents stay disconnected")
    func fallbackOnlyWhenDeclared() {
        var without = Fixtures.model(fallback: false)
        without.run(.cpsStop, on: "AE_1B", key: "cps")
        without.advance(by: 300)
        #expect(without.area("NA_DC2", .jcp).disconnected == 6)
        #expect(without.area("NA_DC2", .cp).disconnected == 2)
        let report = without.report()
        #expect(report.netAreas.first { $0.name == "NA_DC2" }!.secondsWithoutReachableActiveCP == 290)
        #expect(report.netAreas.first { $0.name == "NA_DC1" }!.secondsWithoutReachableActiveCP == 0)
        #expect(report.jobs.waiting > 0)

        var with = Fixtures.model(fallback: true)
        with.run(.cpsStop, on: "AE_1B", key: "cps")
        with.advance(by: 300)
        #expect(with.area("NA_DC2", .jcp).disconnected == 0)
        #expect(with.agents(of: "NA_DC2", .jcp, on: "AE_1A/") == 6)
        #expect(with.report().secondsAnyNetAreaWithoutCP == 0)
        #expect(with.report().jobs.waiting == 0)
    }

    @Test("AE-NETAREA-2: agents never return home on their own once their NetArea serves again")
    func noReturnHome() {
        var model = Fixtures.model()
        model.stopBase("AE_1B")
        #expect(model.agents(of: "NA_DC2", .jcp, on: "AE_1A/") == 6)
        model.run(.processesStart, on: "AE_1B", key: "start")
        model.advance(by: 120 + 3600)
        #expect(model.nodeState("AE_1B")!.processes.allSatisfy { $0.state == .running })
        #expect(model.area("NA_DC2", .jcp).home == 0)
        #expect(model.area("NA_DC2", .cp).home == 0)
    }

    @Test("AE-JCP-1: CP and JCP agents kept apart: CP agents never use a JCP, JCP agents never a CP")
    func kindsKeptApart() {
        var model = Fixtures.model()
        for id in ["AE_1A/CP1", "AE_1A/CP2", "AE_1B/CP1", "AE_1B/CP2"] {
            _ = model.inject(Fault(kind: .crash, process: id))
        }
        model.advance(by: 120)
        #expect(model.area("NA_DC1", .cp).disconnected == 4)
        #expect(model.area("NA_DC2", .cp).disconnected == 2)
        #expect(model.area("NA_DC1", .jcp).connected == ["AE_1A/JCP1": 10])
        #expect(model.area("NA_DC2", .jcp).connected == ["AE_1B/JCP1": 6])
        let kinds = model.report().netAreas.flatMap(\.kinds)
        #expect(kinds.filter { $0.via == .cp }.allSatisfy { $0.secondsWithoutServing == 120 })
        #expect(kinds.filter { $0.via == .jcp }.allSatisfy { $0.secondsWithoutServing == 0 })
    }

    @Test("ASSUMED-1, AE-ZDU-4: target CPs/JCPs serve only after the switch")
    func targetServesOnlyAfterSwitch() {
        var model = Fixtures.compatible(fallback: false)
        model.stopBase("AE_1B")
        model.startTarget("AE_1B")
        let before = model.report().netAreas.first { $0.name == "NA_DC2" }!.secondsWithoutReachableActiveCP
        model.advance(by: 300)
        #expect(model.process("AE_1B/JCP1@24.4.4")?.state == .running)
        #expect(model.agentsOnTarget("NA_DC2", .jcp) == 0)
        #expect(model.area("NA_DC2", .jcp).disconnected == 6)
        let during = model.report().netAreas.first { $0.name == "NA_DC2" }!.secondsWithoutReachableActiveCP
        #expect(during - before == 300)
        model.wizard(.switchOver)
        model.advance(by: 1)
        #expect(model.agentsOnTarget("NA_DC2", .jcp) == 6)
        #expect(model.agentsOnTarget("NA_DC2", .cp) == 2)
        model.advance(by: 60)
        #expect(model.report().netAreas.first { $0.name == "NA_DC2" }!.secondsWithoutReachableActiveCP == during)
    }

    @Test("a partition cuts agents off the other datacenter's processes, fallback included")
    func partition() {
        var model = Fixtures.model()
        _ = model.inject(Fault(kind: .partition, datacenters: ["DC1", "DC2"]))
        model.run(.cpsStop, on: "AE_1B", key: "cps")
        model.advance(by: 100)
        #expect(model.area("NA_DC2", .jcp).disconnected == 6)
        _ = model.clearFaults()
        model.advance(by: 1)
        #expect(model.agents(of: "NA_DC2", .jcp, on: "AE_1A/") == 6)
    }
}
