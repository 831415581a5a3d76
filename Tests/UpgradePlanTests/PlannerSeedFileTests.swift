import Foundation
import Testing
@testable import UpgradePlan

@Suite("Planner on plans/*.yaml")
struct PlannerSeedFileTests {
    static func load(_ name: String) throws -> Topology {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try TopologyLoader.load(path: root.appendingPathComponent("plans/\(name)").path)
    }

    @Test("the seed files plan exactly like the farms built in code, and their plans are proven")
    func seedFiles() throws {
        let pairs = [("seed-phase1.yaml", CoreFixtures.seedPhase1()), ("seed-phase2.yaml", CoreFixtures.seedPhase2()),
            ("three-dc.yaml", CoreFixtures.threeDC())]
        for (file, built) in pairs {
            let plan = try Planner.plan(Self.load(file))
            #expect(CoreFixtures.shape(plan) == CoreFixtures.shape(try Planner.plan(built)), "\(file)")
            #expect(plan.topologyHash == TopologyHash.of(plan.topology))
            #expect(plan.topologyHash.count == 64)
            #expect(Validator.validate(plan).isValid)
        }
    }
}
