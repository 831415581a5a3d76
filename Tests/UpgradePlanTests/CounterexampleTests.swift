import Testing
@testable import UpgradePlan

@Suite("Validator counterexamples: hand-edited plans AE would not survive")
struct CounterexampleTests {
    static let stages = ["DC1/AE_1A/binaries.stage", "DC2/AE_1B/binaries.stage", "zdu.dbload"]

    /// Validates (exhaustive for these sizes) and checks that the fast checker breaks the same invariant.
    func violation(_ plan: Plan) throws -> Violation {
        let violation = try #require(Validator.validate(plan).violation, "expected the edited plan to be invalid")
        let fast = try #require(FastChecker.check(plan).violation)
        #expect(fast.invariant == violation.invariant)
        #expect(fast.sequence.count == violation.sequence.count)
        return violation
    }

    @Test("invariant 3: stopping the PWP node's base WPs before the switch opens a takeover gap")
    func pwpStoppedBeforeSwitch() throws {
        var plan = try Planner.plan(CoreFixtures.seedPhase1())
        plan.steps.append(Step(id: "DC1/AE_1A/wp.stop", kind: .wpStop, nodes: ["AE_1A"], dependsOn: ["zdu.dbload"],
                               estimateSeconds: 10, inverse: nil, datacenter: "DC1"))
        plan = plan.setting("zdu.switch", dependsOn: ["DC1/AE_1A/wp.stop", "DC2/AE_1B/target.verify"])
        let violation = try violation(plan)
        #expect(violation.invariant == .primaryWorkProcess)
        #expect(violation.sequence == Self.stages + ["DC1/AE_1A/wp.stop"])
        #expect(violation.detail.contains("stopped before the switch"))
    }

    @Test("invariant 6: two nodes of one DC stopped at once, whichever step stops them (no drain needed)")
    func twoNodesOfADC() throws {
        let plan = try Planner.plan(CoreFixtures.seedPhase2())
            .setting("DC2/AE_2B/cp.drain", dependsOn: ["zdu.dbload"])
            .setting("zdu.switch", dependsOn: ["DC2/AE_1B/target.verify", "DC2/AE_2B/target.verify"])
            .setting("gate/DC1", dependsOn: ["zdu.switch"])
        let violation = try violation(plan)
        #expect(violation.invariant == .maxNodesDownPerDC)
        #expect(violation.detail.hasPrefix("2 nodes of DC2 mid-upgrade"))
    }

    @Test("invariant 1: both DCs drained before any target process serves leaves NA_DC1's agents without a CP/JCP")
    func bothDCsDrained() throws {
        var plan = try Planner.plan(CoreFixtures.seedPhase1())
        plan.steps.append(Step(id: "DC1/AE_1A/cp.drain", kind: .cpDrain, nodes: ["AE_1A"],
                               dependsOn: ["DC2/AE_1B/cp.drain"], estimateSeconds: 10, inverse: nil, datacenter: "DC1"))
        plan = plan.setting("zdu.switch", dependsOn: ["DC1/AE_1A/cp.drain", "DC2/AE_1B/target.verify"])
        let violation = try violation(plan)
        #expect(violation.invariant == .netAreaServed)
        #expect(violation.sequence == Self.stages + ["DC2/AE_1B/cp.drain", "DC1/AE_1A/cp.drain"])
        #expect(violation.description.contains("invariant 1 (every NetArea's agents reach a serving CP/JCP) broken"))
    }

    @Test("invariant 5: draining the last base node before finalize makes ZDU finalize by itself")
    func lastBaseStoppedBeforeFinalize() throws {
        var plan = try Planner.plan(CoreFixtures.seedPhase1())
        plan.steps.append(Step(id: "DC1/AE_1A/cp.drain", kind: .cpDrain, nodes: ["AE_1A"], dependsOn: ["zdu.switch"],
                               estimateSeconds: 10, inverse: nil, datacenter: "DC1"))
        plan = plan.setting("gate/finalize", dependsOn: ["DC1/AE_1A/cp.drain"])
        let violation = try violation(plan)
        #expect(violation.invariant == .rollbackReserve)
        #expect(violation.sequence.last == "DC1/AE_1A/cp.drain")
        #expect(violation.detail.contains("rollback now would leave"))
    }

    @Test("invariant 8: target processes started beside the node's running base processes")
    func targetBesideBase() throws {
        let plan = try Planner.plan(CoreFixtures.seedPhase1())
            .setting("DC2/AE_1B/target.start", dependsOn: ["DC2/AE_1B/cp.drain"])
            .setting("DC2/AE_1B/wp.stop", dependsOn: ["DC2/AE_1B/target.start"])
            .setting("DC2/AE_1B/target.verify", dependsOn: ["DC2/AE_1B/wp.stop"])
            .setting("DC2/AE_1B/agents.await-reconnect", dependsOn: ["DC2/AE_1B/target.verify"])
            .setting("zdu.switch", dependsOn: ["DC2/AE_1B/agents.await-reconnect"])
        let violation = try violation(plan)
        #expect(violation.invariant == .splitInstallation)
        #expect(violation.sequence == Self.stages + ["DC2/AE_1B/cp.drain", "DC2/AE_1B/target.start"])
    }

    @Test("switch before any target process runs: the PWP has no target WP to move to")
    func switchTooEarly() throws {
        let plan = try Planner.plan(CoreFixtures.seedPhase1())
            .setting("zdu.switch", dependsOn: ["zdu.dbload"])
            .setting("DC2/AE_1B/cp.drain", dependsOn: ["zdu.switch"])
            .setting("gate/finalize", dependsOn: ["DC2/AE_1B/target.verify"])
        let violation = try violation(plan)
        #expect(violation.invariant == .primaryWorkProcess)
        #expect(violation.sequence == Self.stages + ["zdu.switch"])
    }

    @Test("structure: a self-dependency, unknown ids and nodes, a missing wizard step, inverse-only kinds")
    func structural() throws {
        let base = try Planner.plan(CoreFixtures.seedPhase1())
        let selfDependent = base.setting("DC2/AE_1B/wp.stop", dependsOn: ["DC2/AE_1B/wp.stop"])
        #expect(try #require(Validator.validate(selfDependent).violation).detail.contains(
            "DC2/AE_1B/wp.stop depends on itself"))
        let unknown = base.setting("DC2/AE_1B/wp.stop", dependsOn: ["DC2/AE_1B/nope"])
            .setting("DC2/AE_1B/cp.drain", nodes: ["AE_9Z"])
        let detail = try #require(Validator.validate(unknown).violation).detail
        #expect(detail.contains("DC2/AE_1B/wp.stop depends on unknown step DC2/AE_1B/nope"))
        #expect(detail.contains("DC2/AE_1B/cp.drain names unknown node AE_9Z"))
        let noNodes = base.setting("DC2/AE_1B/cp.drain", nodes: [])
        #expect(try #require(Validator.validate(noNodes).violation).detail.contains("names 0 nodes, expected 1"))
        #expect(try #require(Validator.validate(base.removing("zdu.switch")).violation).detail.contains(
            "no zdu.switch step"))
        var inverse = base
        inverse.steps[4].kind = .targetStop
        #expect(try #require(Validator.validate(inverse).violation).detail.contains("only an inverse"))
    }

    @Test("policy: a hand-edited plan that upgrades two DCs side by side, or drops the gate between them, is refused")
    func gateBetweenDCs() throws {
        let plan = try Planner.plan(CoreFixtures.seedPhase2())
        let sideBySide = plan.setting("DC1/AE_2A/cp.drain", dependsOn: ["zdu.switch"])
            .setting("gate/finalize", dependsOn: ["DC1/AE_2A/target.verify", "gate/DC1"])
        let detail = try #require(Validator.validate(sideBySide).violation).detail
        #expect(detail.hasPrefix("datacenters DC1 and DC2 are upgraded side by side"))
        let noGate = try #require(Validator.validate(plan.removing("gate/DC1")).violation).detail
        #expect(noGate.hasPrefix("no gate between DC2 and DC1"))
        var relaxed = plan.removing("gate/DC1")
        relaxed.topology.policy.gateBetweenDCs = .none
        #expect(Validator.validate(relaxed).isValid, "with gateBetweenDCs: none no gate is needed")
    }

    @Test("cycles are reported with their vertices")
    func cycleNamed() throws {
        let plan = try Planner.plan(CoreFixtures.seedPhase1())
            .setting("DC2/AE_1B/cp.drain", dependsOn: ["DC2/AE_1B/wp.stop"])
        let violation = try #require(Validator.validate(plan).violation)
        #expect(violation.invariant == nil)
        #expect(violation.detail.contains(
            "dependency cycle: DC2/AE_1B/cp.drain -> DC2/AE_1B/agents.await-reconnect -> DC2/AE_1B/wp.stop "
                + "-> DC2/AE_1B/cp.drain"))
    }
}
