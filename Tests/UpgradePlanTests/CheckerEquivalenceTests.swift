import PropertyBased
import Synchronization
import Testing
@testable import UpgradePlan

@Suite("Fast checker == exhaustive checker")
struct CheckerEquivalenceTests {

    @Test("random farms of up to 4 DCs x 3 nodes with JCP agents, random plan edits: same verdict, same broken invariants")
    func fastEqualsExhaustive() async {
        // Cases the exhaustive checker could decide, compared with the fast checker; fewer than the floor fails.
        let counter = Mutex((compared: 0, invalid: 0))
        await propertyCheck(count: 600, input: Gen.int(in: 0...Int(Int32.max)), Gen.int(in: 0...3)) { seed, edits in
            var rng = SplitMix(state: UInt64(seed))
            let topology = RandomFarms.topology(&rng)
            guard var plan = try? Planner.plan(topology) else { return }
            for _ in 0..<edits {
                plan = seed % 4 == 0 ? RandomFarms.mutate(plan, &rng) : RandomFarms.mutateKeepingStructure(plan, &rng)
            }
            guard let exhaustive = ExhaustiveChecker.check(plan, limit: 50_000) else { return }
            counter.withLock {
                $0.compared += 1
                if !exhaustive.isValid { $0.invalid += 1 }
            }
            let fast = FastChecker.check(plan)
            #expect(fast.isValid == exhaustive.isValid, "seed \(seed) edits \(edits)")
            #expect((fast.violation?.invariant == nil) == (exhaustive.violation?.invariant == nil))
            let broken = ExhaustiveChecker.brokenInvariants(plan, limit: 50_000)
            #expect(FastChecker.brokenInvariants(plan) == broken, "seed \(seed) edits \(edits)")
            if edits == 0 { #expect(exhaustive.isValid, "planner-made plan must be valid: seed \(seed)") }
        }
        // Skipped cases (no plan, too many states) must not hide: most cases are compared, both verdicts occur.
        let (compared, invalid) = counter.withLock { ($0.compared, $0.invalid) }
        #expect(compared >= 250, "only \(compared) of 600 cases compared")
        #expect(invalid >= 25, "only \(invalid) compared cases were invalid plans")
    }

    @Test("the planner's plans for random farms are valid or the planner says why not")
    func plannerPlansValid() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var rng = SplitMix(state: UInt64(seed))
            let topology = RandomFarms.topology(&rng)
            do {
                let plan = try Planner.plan(topology)
                #expect(FastChecker.check(plan).isValid)
            } catch {
                #expect(String(describing: error).hasPrefix("no valid plan: "))
            }
        }
    }
}
