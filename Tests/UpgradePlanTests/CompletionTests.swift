import Testing
@testable import UpgradePlan

@Suite("Invariant 9: every complete execution ends with every node on its target processes, started and verified")
struct CompletionTests {
    /// Validates (exhaustive for these sizes) and checks that the fast checker says the same.
    func violation(_ plan: Plan) throws -> Violation {
        let violation = try #require(Validator.validate(plan).violation, "expected the edited plan to be invalid")
        let fast = try #require(FastChecker.check(plan).violation)
        #expect(fast.invariant == violation.invariant)
        #expect(fast.sequence.count == violation.sequence.count)
        #expect(fast.detail == violation.detail)
        return violation
    }

    @Test("the operator's e9.json: AE_2B's upgrade dropped is refused at finalize, which leaves it running nothing")
    func nodeNeverUpgraded() throws {
        var plan = try Planner.plan(CoreFixtures.seedPhase2())
        plan.steps.removeAll { $0.id.hasPrefix("DC2/AE_2B/") && $0.kind != .binariesStage }
        plan = plan.setting("gate/DC1", dependsOn: ["zdu.switch"])
        let violation = try violation(plan)
        #expect(violation.invariant == .goalState)
        #expect(violation.detail.hasPrefix(
            "AE_2B: the plan never starts its target processes; after zdu.finalize it runs no process"))
        #expect(violation.sequence.last == "zdu.finalize")
        #expect(violation.description.contains(
            "invariant 9 (every node ends on its target processes, started and verified) broken: AE_2B:"))
    }

    @Test("the reserve node's steps after finalize dropped: AE_1A (the PWP's node) is named")
    func reserveNodeDropped() throws {
        var plan = try Planner.plan(CoreFixtures.seedPhase2())
        plan.steps.removeAll { $0.id.hasPrefix("DC1/AE_1A/") && $0.kind != .binariesStage }
        let violation = try violation(plan)
        #expect(violation.invariant == .goalState)
        #expect(violation.detail.hasPrefix(
            "AE_1A: the plan never starts its target processes; after zdu.finalize it runs no process"))
        #expect(violation.sequence.last == "zdu.finalize")
    }

    @Test("a node drained and stopped but never started is refused from its drain on")
    func drainedNeverStarted() throws {
        let plan = try Planner.plan(CoreFixtures.seedPhase2())
            .removing("DC2/AE_2B/target.verify").removing("DC2/AE_2B/target.start")
        let violation = try violation(plan)
        #expect(violation.invariant == .goalState)
        #expect(violation.sequence.last == "DC2/AE_2B/cp.drain")
        #expect(violation.detail.hasPrefix("AE_2B: the plan never starts its target processes; "
            + "after DC2/AE_2B/cp.drain its base CPs/JCPs are stopped"))
    }

    @Test("target processes started but never verified are refused once they run")
    func startedNeverVerified() throws {
        let plan = try Planner.plan(CoreFixtures.seedPhase1()).removing("DC2/AE_1B/target.verify")
        let violation = try violation(plan)
        #expect(violation.invariant == .goalState)
        #expect(violation.sequence.last == "DC2/AE_1B/target.start")
        #expect(violation.detail.hasPrefix("AE_1B: the plan starts its target processes but no target.verify of AE_1B"))
    }

    @Test("the planner's plans start and verify every node: no gap, valid")
    func plannerPlansAreComplete() throws {
        let topologies = [CoreFixtures.seedPhase1(), CoreFixtures.seedPhase2(), CoreFixtures.seedPhase2(maxNodesDownPerDC: 2)]
        for topology in topologies {
            let plan = try Planner.plan(topology)
            guard case .success(let compiled) = CompiledPlan.compile(plan) else {
                Issue.record("the planner's plan does not compile")
                continue
            }
            #expect(compiled.farm.unfinished.allSatisfy { $0 == .none })
            #expect(Validator.validate(plan).isValid)
        }
    }
}
