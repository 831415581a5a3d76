import Testing
@testable import UpgradePlan

@Suite("Validator counterexamples")
struct CounterexampleTests {
    static let stages = ["DC1/AE_1A/binaries.stage", "DC2/AE_1B/binaries.stage", "zdu.prepare"]
    static let dc2Chain = ["cp.standby", "agents.await-failover", "wp.stop", "binaries.install", "processes.start",
        "health.verify", "cp.activate", "agents.await-home"].map { "DC2/AE_1B/\($0)" }

    /// Validates with the validator (exhaustive here) and checks the fast checker breaks the same invariant.
    func violation(_ plan: Plan) throws -> Violation {
        let result = Validator.validate(plan)
        let violation = try #require(result.violation, "expected the edited plan to be invalid")
        let fast = try #require(FastChecker.check(plan).violation)
        #expect(fast.invariant == violation.invariant)
        #expect(fast.sequence.count == violation.sequence.count)
        return violation
    }

    @Test("install before stop breaks invariant 5 right after the install")
    func installBeforeStop() throws {
        let plan = try Planner.plan(CoreFixtures.seedPhase1())
            .setting("DC2/AE_1B/binaries.install", dependsOn: ["DC2/AE_1B/agents.await-failover"])
            .setting("DC2/AE_1B/wp.stop", dependsOn: ["DC2/AE_1B/binaries.install"])
            .setting("DC2/AE_1B/processes.start", dependsOn: ["DC2/AE_1B/wp.stop"])
        let violation = try violation(plan)
        #expect(violation.invariant == .binariesWhileStopped)
        #expect(violation.sequence == Self.stages + [
            "DC2/AE_1B/cp.standby", "DC2/AE_1B/agents.await-failover", "DC2/AE_1B/binaries.install",
        ])
        #expect(violation.detail == "binaries of AE_1B changed while its processes ran")
    }

    @Test("two DCs drained at once: NetArea NA_DC1 loses its own CPs and its fallback's")
    func twoDCsDrained() throws {
        let plan = try Planner.plan(CoreFixtures.seedPhase1())
            .setting("DC1/AE_1A/cp.standby", dependsOn: ["zdu.prepare"])
            .setting("zdu.finalize", dependsOn: ["DC1/AE_1A/pwp.handover", "gate/DC1"])
        let violation = try violation(plan)
        #expect(violation.invariant == .netAreaReachable)
        #expect(violation.sequence == Self.stages + ["DC2/AE_1B/cp.standby", "DC1/AE_1A/cp.standby"])
        #expect(violation.detail == "NetArea NA_DC1 (120 agents) has no active CP of its own nor in its fallback NA_DC2")
        #expect(violation.state.contains("CPs standby: AE_1A, AE_1B"))
        #expect(violation.description.contains("invariant 1 (every NetArea with agents reaches an active CP) broken"))
    }

    @Test("PWP handed to a node of the batch being drained breaks invariant 3 when finalize stops it")
    func pwpToDrainedNode() throws {
        let plan = try Planner.plan(CoreFixtures.seedPhase2(maxNodesDownPerDC: 2))
            .setting("DC1/AE_1A/pwp.handover", nodes: ["AE_1A", "AE_2A"])
        let violation = try violation(plan)
        #expect(violation.invariant == .primaryWorkProcess)
        #expect(violation.sequence.last == "zdu.finalize")
        #expect(violation.sequence.contains("DC1/AE_1A/pwp.handover"))
        #expect(violation.sequence.count == 4 + 1 + 16 + 1 + 4 + 1 + 1)
        #expect(violation.detail == "the PWP sits on AE_2A whose WPs are stopped or draining")
    }

    @Test("finalize before the last DC stops the PWP's base node: invariant 3")
    func finalizeBeforeLastDC() throws {
        let plan = try Planner.plan(CoreFixtures.seedPhase1())
            .setting("zdu.finalize", dependsOn: ["gate/DC1"])
            .setting("DC1/AE_1A/cp.standby", dependsOn: ["zdu.finalize"])
            .setting("DC1/AE_1A/wp.stop", dependsOn: ["DC1/AE_1A/pwp.handover"])
        let violation = try violation(plan)
        #expect(violation.invariant == .primaryWorkProcess)
        #expect(violation.sequence == Self.stages + Self.dc2Chain + ["gate/DC1", "zdu.finalize"])
        #expect(violation.state.contains("PWP on AE_1A"))
    }

    @Test("cycles are reported with their vertices")
    func cycleNamed() throws {
        let plan = try Planner.plan(CoreFixtures.seedPhase1())
            .setting("DC2/AE_1B/cp.standby", dependsOn: ["DC2/AE_1B/wp.stop"])
        let violation = try #require(Validator.validate(plan).violation)
        #expect(violation.invariant == nil)
        #expect(violation.detail.contains(
            "dependency cycle: DC2/AE_1B/cp.standby -> DC2/AE_1B/agents.await-failover -> DC2/AE_1B/wp.stop "
                + "-> DC2/AE_1B/cp.standby"))
    }

    @Test("unknown step ids and nodes, and a finalize missing a dependency, are structural errors")
    func structural() throws {
        let base = try Planner.plan(CoreFixtures.seedPhase1())
        let unknown = base.setting("DC2/AE_1B/wp.stop", dependsOn: ["DC2/AE_1B/nope"])
            .setting("DC2/AE_1B/cp.activate", nodes: ["AE_9Z"])
        let detail = try #require(Validator.validate(unknown).violation).detail
        #expect(detail.contains("DC2/AE_1B/wp.stop depends on unknown step DC2/AE_1B/nope"))
        #expect(detail.contains("DC2/AE_1B/cp.activate names unknown node AE_9Z"))
        let loose = base.setting("zdu.finalize", dependsOn: ["zdu.prepare"])
        let missing = try #require(Validator.validate(loose).violation).detail
        #expect(missing.contains("zdu.finalize is missing a dependency"))
        #expect(missing.contains("DC2/AE_1B/cp.standby"))
        var duplicated = base
        duplicated.steps.append(base.steps[3])
        #expect(try #require(Validator.validate(duplicated).violation).detail.contains(
            "duplicate step id DC2/AE_1B/cp.standby (2 steps)"))
        let noFinalize = base.removing("zdu.finalize")
        #expect(try #require(Validator.validate(noFinalize).violation).detail.contains("no zdu.finalize step"))
    }
}
