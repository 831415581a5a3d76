import Foundation
import Testing
@testable import UpgradePlan

/// Renderer behaviour beyond the golden files: determinism, structure, ids, escaping.
@Suite struct RenderTests {
    static func phase2() throws -> Plan { try Planner.plan(try TopologyLoaderSeedTests.load("seed-phase2.yaml")) }

    @Test func everyFormatIsDeterministic() throws {
        let plan = try Self.phase2()
        for format in Render.Format.allCases {
            #expect(Render.render(plan, as: format) == Render.render(try Self.phase2(), as: format))
        }
    }

    @Test func clockFormat() {
        #expect(Render.clock(0) == "0:00:00")
        #expect(Render.clock(2480) == "0:41:20")
        #expect(Render.clock(3 * 3600 + 5) == "3:00:05")
    }

    @Test("text shows the design card's shape: drain, move the PWP at the switch, upgrade, reactivate")
    func textShowsTheShape() throws {
        let text = Render.text(try Self.phase2())
        let headings = text.split(separator: "\n").filter {
            $0.hasPrefix("DC") || $0.hasPrefix("Gate") || $0.hasPrefix("Wizard step ") || $0.hasPrefix("Soak")
        }
        #expect(headings == [
            "Wizard step 2, DB load (operator, AWI client 0): compatibility mode on",
            "DC2, batch 1 of 2: AE_1B: drain CPs/JCPs, upgrade, reactivate",
            "Wizard step 4, switch (operator): move the PWP to a 24.4.4 WP, connections to 24.4.4 CPs/JCPs; "
                + "rollback possible from here until finalize",
            "DC2, batch 2 of 2: AE_2B: drain CPs/JCPs, upgrade, reactivate",
            "Gate before DC1: soak 0:10:00",
            "DC1, batch 1 of 2: AE_2A: drain CPs/JCPs, upgrade, reactivate",
            "Soak before finalize: soak 0:10:00 (rollback still possible)",
            "Wizard step 5, finalize (operator): the remaining 24.4.1 processes stop for good; no rollback after this",
            "DC1: AE_1A (holds the PWP), kept on 24.4.1 until finalize: reactivate on 24.4.4",
        ])
        #expect(text.contains("[wizard rollback]"))
        #expect(text.contains("[no rollback]"))
        #expect(text.hasSuffix("Total: \(Render.clock(CriticalPath.of(try Self.phase2()).seconds))\n"))
    }

    @Test func dotHasOneClusterPerDatacenterAndEveryEdge() throws {
        let plan = try Self.phase2()
        let dot = Render.dot(plan)
        #expect(dot.components(separatedBy: "subgraph \"cluster_").count - 1 == 2)
        let edges = dot.split(separator: "\n").filter { $0.contains(" -> \"") }
        #expect(edges.count == plan.steps.reduce(0) { $0 + $1.dependsOn.count })
        #expect(dot.hasPrefix("digraph \"PROD\" {\n"))
        #expect(dot.hasSuffix("}\n"))
    }

    @Test func dotEscapesQuotes() {
        var plan = PlanSamples.handBuilt()
        plan.steps[0].id = "DC2/\"odd\"\\step"
        plan.steps[1].dependsOn = [plan.steps[0].id]
        #expect(Render.dot(plan).contains("\"DC2/\\\"odd\\\"\\\\step\" -> \"DC2/AE_1B/cp.drain\""))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dot"), "needs Graphviz"))
    func graphvizAcceptsTheDOT() async throws {
        let dot = Render.dot(try Self.phase2())
        // Off the cooperative pool: waiting for `dot` must not block one of its (on 2 cores) two threads.
        let (status, svg) = try await withCheckedThrowingContinuation { done in
            DispatchQueue.global().async { done.resume(with: Result { try Self.runDot(dot) }) }
        }
        #expect(status == 0)
        #expect(svg.contains("<svg"))
    }

    /// Runs `dot -Tsvg` on `text`, blocking: its exit status and output.
    static func runDot(_ text: String) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dot")
        process.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let svg = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, svg)
    }

    @Test func mermaidIDsAreValidAndUnique() throws {
        var plan = PlanSamples.handBuilt()
        plan.steps.append(Step(id: "DC2_AE_1B_cp_drain", kind: .wpStop, nodes: ["AE_1B"], dependsOn: [],
                               estimateSeconds: 10, inverse: nil, datacenter: "DC2"))
        let ids = Render.mermaidIDs(plan)
        #expect(Set(ids.values).count == plan.steps.count)
        #expect(ids.values.allSatisfy { $0.range(of: "^[A-Za-z0-9_]+$", options: .regularExpression) != nil })
        let mermaid = Render.mermaid(try Self.phase2())
        #expect(mermaid.hasPrefix("flowchart TD\n"))
        #expect(mermaid.contains("  subgraph dc1[\"DC1\"]"))
        #expect(mermaid.contains("s_DC2_AE_1B_cp_drain --> s_DC2_AE_1B_agents_await_reconnect"))
        let arrows = mermaid.split(separator: "\n").filter { $0.contains(" --> ") }
        #expect(arrows.allSatisfy { !$0.contains("/") && !$0.contains(".") })
    }
}
