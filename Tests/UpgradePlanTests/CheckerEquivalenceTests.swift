import PropertyBased
import Synchronization
import Testing
@testable import UpgradePlan

@Suite("Fast checker == exhaustive checker")
struct CheckerEquivalenceTests {
    /// What both checkers said about one random farm and plan edit.
    struct Verdicts: Sendable {
        var exhaustive: ValidationResult
        var fast: ValidationResult
        var exhaustiveBroken: Set<Invariant>?
        var fastBroken: Set<Invariant>?
    }

    /// Plans a random farm, edits it `edits` times and asks both checkers; nil when there is no plan or the
    /// exhaustive checker meets too many states.
    static func verdicts(seed: Int, edits: Int) -> Verdicts? {
        var rng = SplitMix(state: UInt64(seed))
        let topology = RandomFarms.topology(&rng)
        guard var plan = try? Planner.plan(topology) else { return nil }
        for _ in 0..<edits {
            plan = seed % 4 == 0 ? RandomFarms.mutate(plan, &rng) : RandomFarms.mutateKeepingStructure(plan, &rng)
        }
        guard let exhaustive = ExhaustiveChecker.check(plan, limit: 50_000) else { return nil }
        return Verdicts(
            exhaustive: exhaustive, fast: FastChecker.check(plan),
            exhaustiveBroken: ExhaustiveChecker.brokenInvariants(plan, limit: 50_000),
            fastBroken: FastChecker.brokenInvariants(plan))
    }

    @Test("random farms of up to 4 DCs x 3 nodes with JCP agents, random plan edits: same verdict, same broken invariants")
    func fastEqualsExhaustive() async {
        // Cases the exhaustive checker could decide, compared with the fast checker; fewer than the floor fails.
        let counter = Mutex((compared: 0, invalid: 0))
        await propertyCheck(count: 400, input: Gen.int(in: 0...Int(Int32.max)), Gen.int(in: 0...3)) { seed, edits in
            guard let verdicts = await OffPool.run({ Self.verdicts(seed: seed, edits: edits) }) else { return }
            counter.withLock {
                $0.compared += 1
                if !verdicts.exhaustive.isValid { $0.invalid += 1 }
            }
            #expect(verdicts.fast.isValid == verdicts.exhaustive.isValid, "seed \(seed) edits \(edits)")
            #expect((verdicts.fast.violation?.invariant == nil) == (verdicts.exhaustive.violation?.invariant == nil))
            #expect(verdicts.fastBroken == verdicts.exhaustiveBroken, "seed \(seed) edits \(edits)")
            if edits == 0 { #expect(verdicts.exhaustive.isValid, "planner-made plan must be valid: seed \(seed)") }
        }
        // Skipped cases (no plan, too many states) must not hide: most cases are compared, both verdicts occur.
        let (compared, invalid) = counter.withLock { ($0.compared, $0.invalid) }
        #expect(compared >= 160, "only \(compared) of 400 cases compared")
        #expect(invalid >= 15, "only \(invalid) compared cases were invalid plans")
    }

    @Test("the planner's plans for random farms are valid or the planner says why not")
    func plannerPlansValid() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            let outcome: String? = await OffPool.run {
                var rng = SplitMix(state: UInt64(seed))
                let topology = RandomFarms.topology(&rng)
                do {
                    let plan = try Planner.plan(topology)
                    return FastChecker.check(plan).isValid ? nil : "seed \(seed): the planner's plan is invalid"
                } catch {
                    // A layout the farm cannot carry is refused with its reason; malformed steps are a planner bug.
                    let text = String(describing: error)
                    return text.hasPrefix("no valid plan: ") && !text.contains("malformed") ? nil : "seed \(seed): \(text)"
                }
            }
            #expect(outcome == nil, "\(outcome ?? "")")
        }
    }
}
