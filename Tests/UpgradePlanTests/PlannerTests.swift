import Testing
@testable import UpgradePlan

@Suite("Planner")
struct PlannerTests {
    @Test("seed phase 1: exact step order, dependencies, handover and finalize placement")
    func seedPhase1Order() throws {
        let plan = try Planner.plan(CoreFixtures.seedPhase1())
        #expect(CoreFixtures.shape(plan) == [
            "DC1/AE_1A/binaries.stage",
            "DC2/AE_1B/binaries.stage",
            "zdu.prepare <- DC1/AE_1A/binaries.stage DC2/AE_1B/binaries.stage",
            "DC2/AE_1B/cp.standby <- zdu.prepare",
            "DC2/AE_1B/agents.await-failover <- DC2/AE_1B/cp.standby",
            "DC2/AE_1B/wp.stop <- DC2/AE_1B/agents.await-failover",
            "DC2/AE_1B/binaries.install <- DC2/AE_1B/wp.stop",
            "DC2/AE_1B/processes.start <- DC2/AE_1B/binaries.install",
            "DC2/AE_1B/health.verify <- DC2/AE_1B/processes.start",
            "DC2/AE_1B/cp.activate <- DC2/AE_1B/health.verify",
            "DC2/AE_1B/agents.await-home <- DC2/AE_1B/cp.activate",
            "gate/DC1 <- DC2/AE_1B/agents.await-home",
            "DC1/AE_1A/cp.standby <- gate/DC1",
            "DC1/AE_1A/agents.await-failover <- DC1/AE_1A/cp.standby",
            "DC1/AE_1A/pwp.handover <- DC1/AE_1A/agents.await-failover",
            "zdu.finalize <- DC1/AE_1A/pwp.handover",
            "DC1/AE_1A/wp.stop <- zdu.finalize",
            "DC1/AE_1A/binaries.install <- DC1/AE_1A/wp.stop",
            "DC1/AE_1A/processes.start <- DC1/AE_1A/binaries.install",
            "DC1/AE_1A/health.verify <- DC1/AE_1A/processes.start",
            "DC1/AE_1A/cp.activate <- DC1/AE_1A/health.verify",
            "DC1/AE_1A/agents.await-home <- DC1/AE_1A/cp.activate",
        ])
        let handover = try #require(plan.step(id: "DC1/AE_1A/pwp.handover"))
        #expect(handover.nodes == ["AE_1A", "AE_1B"])
        #expect(handover.inverse == .pwpHandover)
        #expect(plan.step(id: "zdu.prepare")?.inverse == .zduRollback)
        #expect(plan.step(id: "zdu.finalize")?.inverse == nil)
        #expect(plan.step(id: "gate/DC1")?.estimateSeconds == 600)
        #expect(plan.step(id: "DC2/AE_1B/agents.await-failover")?.estimateSeconds == 30)
    }

    @Test("critical path: stage, prepare, both chains and the gate")
    func criticalPath() throws {
        let plan = try Planner.plan(CoreFixtures.seedPhase1())
        let path = CriticalPath.of(plan)
        // stage 120 + prepare 10 + DC2 chain (10+30+10+300+120+10+10+30) + gate 600
        // + DC1 chain (10+30+10 handover +10 finalize +10+300+120+10+10+30)
        #expect(path.seconds == 120 + 10 + 520 + 600 + 540)
        #expect(plan.criticalPathSeconds == path.seconds)
        #expect(path.steps.first == "DC1/AE_1A/binaries.stage")
        #expect(path.steps.last == "DC1/AE_1A/agents.await-home")
        #expect(path.steps.contains("zdu.finalize"))
    }

    @Test("phase 2 with maxNodesDownPerDC 2: a DC's nodes run as parallel branches")
    func parallelBranches() throws {
        let plan = try Planner.plan(CoreFixtures.seedPhase2(maxNodesDownPerDC: 2))
        let graph = StepGraph(plan)
        let reach = Reachability(graph)
        // DC2: the whole chains are parallel. DC1 (the last batch): the halves before and after zdu.finalize are.
        let halves = [["cp.standby", "agents.await-failover"], ["wp.stop", "binaries.install", "agents.await-home"]]
        let pairs = [("DC2", "AE_1B", "AE_2B", [halves[0] + halves[1]]), ("DC1", "AE_2A", "AE_1A", halves)]
        for (dc, a, b, groups) in pairs {
            for kinds in groups {
                for kindA in kinds {
                    for kindB in kinds {
                        let x = try #require(graph.index["\(dc)/\(a)/\(kindA)"])
                        let y = try #require(graph.index["\(dc)/\(b)/\(kindB)"])
                        #expect(!reach.reaches(x, y) && !reach.reaches(y, x), "\(a) \(kindA) vs \(b) \(kindB)")
                    }
                }
            }
        }
        // Both DC1 chains wait for both DC2 nodes (through the gate) and the PWP node is AE_1A, last in DC1.
        #expect(plan.step(id: "DC1/AE_2A/cp.standby")?.dependsOn == ["gate/DC1"])
        #expect(plan.step(id: "gate/DC1")?.dependsOn == ["DC2/AE_1B/agents.await-home", "DC2/AE_2B/agents.await-home"])
        #expect(plan.step(id: "zdu.finalize")?.dependsOn == ["DC1/AE_1A/pwp.handover", "DC1/AE_2A/agents.await-failover"])
        #expect(plan.step(id: "DC1/AE_2A/wp.stop")?.dependsOn == ["zdu.finalize"])
    }

    @Test("the PWP is handed to a node upgraded in an earlier batch")
    func handoverTargetIsUpgraded() throws {
        for topology in [CoreFixtures.seedPhase1(), CoreFixtures.seedPhase2(), CoreFixtures.threeDC(),
            CoreFixtures.seedPhase2(maxNodesDownPerDC: 2)]
        {
            let plan = try Planner.plan(topology)
            let graph = StepGraph(plan)
            let reach = Reachability(graph)
            let handover = try #require(plan.steps.first { $0.kind == .pwpHandover })
            let target = handover.nodes[1]
            let home = try #require(plan.steps.first { $0.kind == .agentsAwaitHome && $0.nodes == [target] })
            #expect(reach.reaches(graph.index[home.id]!, graph.index[handover.id]!), "\(target) home before handover")
            #expect(handover.nodes[0] == "AE_1A")
        }
        let phase2 = try Planner.plan(CoreFixtures.seedPhase2())
        #expect(phase2.step(id: "DC1/AE_1A/pwp.handover")?.nodes == ["AE_1A", "AE_2A"])
    }

    @Test("three DCs: DC2 then DC3 then the PWP's DC1, with a gate before each later DC")
    func threeDCOrdering() throws {
        let plan = try Planner.plan(CoreFixtures.threeDC())
        let standbys = plan.steps.filter { $0.kind == .cpStandby || $0.kind == .gate }.map(\.id)
        #expect(standbys == [
            "DC2/AE_1B/cp.standby", "DC2/AE_2B/cp.standby", "gate/DC3", "DC3/AE_3A/cp.standby", "gate/DC1",
            "DC1/AE_2A/cp.standby", "DC1/AE_1A/cp.standby",
        ])
        #expect(plan.step(id: "gate/DC3")?.dependsOn == ["DC2/AE_2B/agents.await-home"])
        #expect(plan.step(id: "DC1/AE_1A/cp.standby")?.dependsOn == ["DC1/AE_2A/agents.await-home"])
    }

    @Test("gate none: no gate step, the next DC waits for the previous batch directly")
    func noGate() throws {
        var policy = CoreFixtures.seedPolicy
        policy.gateBetweenDCs = .none
        let plan = try Planner.plan(CoreFixtures.seedPhase1(policy: policy))
        #expect(!plan.steps.contains { $0.kind == .gate })
        #expect(plan.step(id: "DC1/AE_1A/cp.standby")?.dependsOn == ["DC2/AE_1B/agents.await-home"])
    }

    @Test("no valid plan: a NetArea whose only CPs sit on one node, without fallback")
    func singleNodeNetArea() {
        var topology = CoreFixtures.seedPhase1()
        topology.netAreas[0].fallback = []
        #expect {
            try Planner.plan(topology)
        } throws: { error in
            let text = String(describing: error)
            return text == "no valid plan: while AE_1A is out of service, NetArea NA_DC1 (120 agents) has no "
                + "active CP: its CPs are all on AE_1A and it declares no fallback; add CPs on another node of NA_DC1, "
                + "or a fallback NetArea with CPs in another datacenter"
        }
    }

    @Test("no valid plan: too few WPs left while a node is down")
    func tooFewWPs() {
        var policy = CoreFixtures.seedPolicy
        policy.minRunningWPs = 6
        #expect {
            try Planner.plan(CoreFixtures.seedPhase1(policy: policy))
        } throws: { error in
            String(describing: error).contains("only 4 WPs keep running (policy.minRunningWPs 6)")
        }
    }

    @Test("no valid plan: a single node cannot hand the PWP to an upgraded node")
    func singleNode() {
        var topology = CoreFixtures.seedPhase1()
        topology.nodes.removeLast()
        topology.agents.removeLast()
        topology.netAreas[0].fallback = []
        topology.policy.minRunningWPs = 0
        topology.policy.minActiveCPs = 0
        topology.agents = []
        #expect {
            try Planner.plan(topology)
        } throws: { error in
            String(describing: error).contains("must move to an already upgraded node")
        }
    }

    @Test("batches shrink when a full batch would leave too few WPs")
    func batchesShrink() throws {
        var topology = CoreFixtures.seedPhase2(maxNodesDownPerDC: 2)
        topology.policy.minRunningWPs = 9
        let plan = try Planner.plan(topology)
        #expect(plan.step(id: "DC2/AE_2B/cp.standby")?.dependsOn == ["DC2/AE_1B/agents.await-home"])
    }
}
