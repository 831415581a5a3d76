import Foundation
import Testing
@testable import UpgradePlan

/// The text, DOT and Mermaid renderings of seed phase 1, planned by the real planner, match the golden files.
@Suite struct GoldenTests {
    static func seedPhase1() throws -> Plan {
        try Planner.plan(try TopologyLoaderSeedTests.load("seed-phase1.yaml"))
    }

    @Test func text() throws { try Golden.check(Render.text(try Self.seedPhase1()), named: "seed-phase1.txt") }
    @Test func dot() throws { try Golden.check(Render.dot(try Self.seedPhase1()), named: "seed-phase1.dot") }
    @Test func mermaid() throws { try Golden.check(Render.mermaid(try Self.seedPhase1()), named: "seed-phase1.mmd") }
    @Test func json() throws { try Golden.check(Render.json(try Self.seedPhase1()), named: "seed-phase1.json") }

    @Test func handBuiltText() throws {
        try Golden.check(Render.text(PlanSamples.handBuilt()), named: "hand-built.txt")
    }

    @Test func mismatchMessageNamesTheLine() {
        let message = Golden.mismatch(expected: "a\nb\nc\n", actual: "a\nB\nc\n", name: "x.txt", actualPath: "/t/x",
                                      goldenPath: "/g/x")
        #expect(message.hasPrefix("golden x.txt differs at line 2:\n  expected: b\n  actual:   B\n"))
    }
}
