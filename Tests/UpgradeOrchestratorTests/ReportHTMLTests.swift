import Foundation
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// The HTML page and its SVG timeline: escaping, one row per node plus system, markers, self-containment.
@Suite("Report HTML")
struct ReportHTMLTests {
    /// Values of `data-node` on the `<g class="row">` elements, in document order.
    static func rowNodes(_ markup: String) -> [String] {
        let pattern = #/<g class="row" data-node="([^"]*)">/#
        return markup.matches(of: pattern).map { String($0.output.1) }
    }

    @Test func oneRowPerNodePlusSystem() throws {
        let plan = try Fixtures.plan("seed-phase2")
        let report = RunReport(plan: plan, records: [
            ReportJournals.record(.runStarted, 0, generation: 1),
        ] + ReportJournals.step("zdu.dbload", 1, 2))
        let svg = TimelineSVG().render(report)
        #expect(Self.rowNodes(svg) == ["system"] + plan.topology.nodes.map(\.name))
        #expect(plan.topology.nodes.count == 4)
    }

    @Test func namesAreEscaped() throws {
        let odd = "AE_<1B>&\"x\""
        let plan = try Fixtures.plan("seed-phase1") { topology in
            topology.system = "PROD<script>alert(1)</script>"
            for index in topology.nodes.indices where topology.nodes[index].name == "AE_1B" {
                topology.nodes[index].name = odd
            }
        }
        let standby = try #require(plan.steps.first { $0.kind == .cpDrain && $0.nodes == [odd] })
        let records = [ReportJournals.record(.runStarted, 0, generation: 1)]
            + [ReportJournals.record(.stepStarted, 1, step: standby.id, phase: .forward, attempt: 1),
               ReportJournals.record(.stepFailed, 3, step: standby.id, phase: .forward, attempt: 1,
                   reason: "<b>boom</b> & 'quote'")]
        let html = ReportHTML.render(RunReport(plan: plan, records: records))

        #expect(!html.contains("<script>"))
        #expect(!html.contains("AE_<1B>"))
        #expect(!html.contains("<b>boom</b>"))
        #expect(html.contains("PROD&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("AE_&lt;1B&gt;&amp;&quot;x&quot;"))
        #expect(html.contains("&lt;b&gt;boom&lt;/b&gt; &amp; &#39;quote&#39;"))
        #expect(Self.rowNodes(html) == ["system", "AE_1A", "AE_&lt;1B&gt;&amp;&quot;x&quot;"])
    }

    @Test func markersForFailuresRetriesRollbackAndGates() throws {
        let failed = RunReport(plan: try Fixtures.plan("seed-phase1"), records: ReportJournals.failedThenRolledBack)
        let svg = TimelineSVG().render(failed)
        #expect(svg.components(separatedBy: "class=\"failure\"").count - 1 == 3)
        #expect(svg.components(separatedBy: "class=\"retry\"").count - 1 == 2)
        #expect(svg.components(separatedBy: "class=\"rollback-hatch\"").count - 1 == 1)
        #expect(svg.contains("data-step=\"rollback/AE_1B/target.stop\""))

        let gated = RunReport(plan: try ReportJournals.gatedPlan(), records: ReportJournals.pausedAtGate)
        let page = ReportHTML.render(gated)
        #expect(page.components(separatedBy: "class=\"gate\"").count - 1 == 1)
        #expect(page.components(separatedBy: "class=\"approval-wait\"").count - 1 == 1)
        #expect(page.components(separatedBy: "class=\"break\"").count - 1 == 1)
        #expect(page.contains("Planned vs actual per step kind"))
    }

    @Test func pageIsSelfContainedAndDeterministic() throws {
        let plan = try Fixtures.plan("seed-phase1")
        let first = ReportHTML.render(RunReport(plan: plan, records: ReportJournals.failedThenRolledBack))
        let second = ReportHTML.render(RunReport(plan: plan, records: ReportJournals.failedThenRolledBack))
        #expect(first == second)
        #expect(!first.contains("<script"))
        #expect(!first.contains("<link"))
        #expect(!first.contains("src="))
        let urls = first.matches(of: #/https?://[^"' <]*/#).map { String($0.output) }
        #expect(urls.allSatisfy { $0 == "http://www.w3.org/2000/svg" }, "external URLs: \(urls)")
    }
}
