import Testing
@testable import UpgradePlan

@Suite("Planner: the split rolling ZDU")
struct PlannerTests {
    @Test("seed phase 1: stage, DB load, drain/upgrade/reactivate AE_1B, switch, soak, finalize, then AE_1A")
    func seedPhase1Order() throws {
        let plan = try Planner.plan(CoreFixtures.seedPhase1())
        #expect(CoreFixtures.shape(plan) == [
            "DC1/AE_1A/binaries.stage",
            "DC2/AE_1B/binaries.stage",
            "zdu.dbload <- DC1/AE_1A/binaries.stage DC2/AE_1B/binaries.stage",
            "DC2/AE_1B/cp.drain <- zdu.dbload",
            "DC2/AE_1B/agents.await-reconnect <- DC2/AE_1B/cp.drain",
            "DC2/AE_1B/wp.stop <- DC2/AE_1B/agents.await-reconnect",
            "DC2/AE_1B/target.start <- DC2/AE_1B/wp.stop",
            "DC2/AE_1B/target.verify <- DC2/AE_1B/target.start",
            "zdu.switch <- DC2/AE_1B/target.verify",
            "gate/finalize <- zdu.switch",
            "zdu.finalize <- gate/finalize",
            "DC1/AE_1A/agents.await-reconnect <- zdu.finalize",
            "DC1/AE_1A/target.start <- DC1/AE_1A/agents.await-reconnect",
            "DC1/AE_1A/target.verify <- DC1/AE_1A/target.start",
        ])
        #expect(plan.step(id: "DC2/AE_1B/target.start")?.inverse == .targetStop)
        #expect(plan.step(id: "zdu.switch")?.inverse == .zduRollback)
        #expect(plan.step(id: "DC2/AE_1B/cp.drain")?.inverse == nil, "a stopped base process is never restarted")
        #expect(plan.step(id: "DC2/AE_1B/wp.stop")?.inverse == nil, "a stopped base process is never restarted")
        #expect(plan.step(id: "zdu.dbload")?.estimateSeconds == 1200)
        #expect(plan.steps.filter(\.kind.isWizardStep).map(\.id) == ["zdu.dbload", "zdu.switch", "zdu.finalize"])
    }

    @Test("seed phase 2: the PWP's DC last, the PWP node kept on base until finalize, switch as early as possible")
    func seedPhase2Shape() throws {
        let plan = try Planner.plan(CoreFixtures.seedPhase2())
        let drains = plan.steps.filter { $0.kind == .cpDrain }.map { $0.nodes[0] }
        #expect(drains == ["AE_1B", "AE_2B", "AE_2A"], "DC2 first, the PWP node AE_1A is never drained by hand")
        // AE_1B's target processes alone carry the farm (NA_DC1 reaches NA_DC2 through its fallback).
        #expect(plan.step(id: "zdu.switch")?.dependsOn == ["DC2/AE_1B/target.verify"])
        #expect(plan.step(id: "DC2/AE_2B/cp.drain")?.dependsOn == ["zdu.switch"])
        #expect(plan.step(id: "gate/DC1")?.dependsOn == ["DC2/AE_2B/target.verify"])
        #expect(plan.step(id: "zdu.finalize")?.dependsOn == ["gate/finalize"])
        #expect(plan.step(id: "DC1/AE_1A/agents.await-reconnect")?.dependsOn == ["zdu.finalize"])
        #expect(!plan.steps.contains { $0.kind == .wpStop && $0.nodes == ["AE_1A"] }, "finalize stops AE_1A's base")
        let windows = RollbackWindow.of(plan)
        #expect(windows["DC2/AE_1B/target.verify"] == .stopTarget)
        #expect(windows["DC1/AE_2A/wp.stop"] == .wizardRollback)
        #expect(windows["zdu.finalize"] == .gone)
        #expect(windows["DC1/AE_1A/target.start"] == .gone)
    }

    @Test("maxNodesDownPerDC 2: a batch's nodes run side by side")
    func parallelBranches() throws {
        var topology = CoreFixtures.farm(datacenters: 2, nodesPerDC: 3, maxNodesDownPerDC: 2)
        topology.policy.minRunningWPs = 2
        let plan = try Planner.plan(topology)
        let first = plan.steps.filter { $0.kind == .cpDrain && $0.dependsOn == ["zdu.dbload"] }.map { $0.nodes[0] }
        #expect(first == ["AE_2_1", "AE_2_2"])
        #expect(Validator.validate(plan).isValid)
    }

    @Test("without a declared fallback every NetArea keeps a base CP/JCP until finalize: the reserve spans DCs")
    func reserveWithoutFallback() throws {
        var topology = CoreFixtures.farm(datacenters: 2, nodesPerDC: 2, maxNodesDownPerDC: 1)
        topology.netAreas = topology.netAreas.map { NetArea(name: $0.name, datacenter: $0.datacenter) }
        let plan = try Planner.plan(topology)
        let reserve = plan.steps.filter { $0.kind == .agentsAwaitReconnect && $0.dependsOn == ["zdu.finalize"] }
            .map { $0.nodes[0] }
        #expect(Set(reserve) == ["AE_1_1", "AE_2_2"])
        #expect(Validator.validate(plan).isValid)
    }

    @Test("one node per DC without fallback: no plan, and the reason names the rollback reserve")
    func noPlanWithoutFallback() {
        var topology = CoreFixtures.seedPhase1()
        topology.netAreas = topology.netAreas.map { NetArea(name: $0.name, datacenter: $0.datacenter) }
        #expect {
            try Planner.plan(topology)
        } throws: { error in
            "\(error)".contains("until finalize")
        }
    }

    @Test("AE-ZDU-10: 21.0.5 -> 24.4.1 is refused with the reason and the page that states it")
    func unsupportedPath() {
        var topology = CoreFixtures.seedPhase2()
        topology.versions = Versions(base: "21.0.5", target: "24.4.1")
        do {
            _ = try Planner.plan(topology)
            Issue.record("planned an unsupported path")
        } catch {
            guard case let .unsupportedPath(_, _, reason, source) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(reason.contains("UTF-8"))
            #expect(source?.hasPrefix("https://docs.automic.com/") == true)
        }
    }

    @Test("AE-ZDU-10: an unknown pair is refused unless the operator confirmed it, and the plan says so")
    func unknownPathNeedsConfirmation() throws {
        var topology = CoreFixtures.seedPhase2()
        topology.versions = Versions(base: "24.1.0", target: "24.2.0")
        #expect(throws: PlanError.self) { try Planner.plan(topology) }
        topology.policy.zduPathConfirmed = true
        let plan = try Planner.plan(topology)
        #expect(Render.text(plan).contains("confirmed by the operator"))
        // A refused pair stays refused even when "confirmed".
        topology.versions = Versions(base: "24.3.0", target: "24.4.0")
        #expect(throws: PlanError.self) { try Planner.plan(topology) }
    }

    @Test("AE-ZDU-10: a base below 21 with a target from 21 is refused even when confirmed: JWP/JCP/REST appear")
    func crossV21Refused() throws {
        // The farm the loader lets one describe on a 12.3 base: no JWP/JCP/REST, CP agents only.
        let yaml = TopologyFixture.yaml(replacing: [
            2: "versions: {base: \"12.3.8\", target: \"21.0.5\"}",
            15: "  - {name: AE_1B, datacenter: DC2, endpoint: http://127.0.0.1:8102, wps: 4, cps: 2, netArea: NA_DC2}",
            20: "  minActiveCPs: 1\n  zduPathConfirmed: true",
        ])
        let topology = try TopologyLoader.parse(yaml: yaml, file: "x.yaml")
        #expect(topology.policy.zduPathConfirmed)
        #expect {
            try Planner.plan(topology)
        } throws: { error in
            guard case let .unsupportedPath(base, target, reason, source) = error as? PlanError else { return false }
            return base == "12.3.8" && target == "21.0.5"
                && reason.contains("cannot describe a farm that gains JWP/JCP/REST in the upgrade")
                && source?.hasSuffix("/AWA/Admin/admin_server_processes.htm") == true
        }
        // Across 24 the UTF-8 row still decides.
        var to24 = topology
        to24.versions = Versions(base: "12.3.8", target: "24.4.4")
        #expect {
            try Planner.plan(to24)
        } throws: { error in
            "\(error)".contains("UTF-8")
        }
    }

    @Test("the PWP node without WPs, and two PWP nodes, get no plan")
    func pwpProblems() {
        var topology = CoreFixtures.seedPhase2()
        topology.nodes[1].pwp = true
        #expect(throws: PlanError.self) { try Planner.plan(topology) }
    }

    @Test("1,000 nodes: every node gets exactly one target.start, the plan is proven")
    func largeFarm() async throws {
        let result: Result<(started: [String], valid: Bool), PlanError> = await OffPool.run {
            Result { () throws(PlanError) in
                let plan = try Planner.plan(CoreFixtures.farm(datacenters: 4, nodesPerDC: 250, maxNodesDownPerDC: 3))
                return (plan.steps.filter { $0.kind == .targetStart }.map { $0.nodes[0] },
                        Validator.validate(plan).isValid)
            }
        }
        let (started, valid) = try result.get()
        #expect(started.count == 1000 && Set(started).count == 1000)
        #expect(valid)
    }
}
