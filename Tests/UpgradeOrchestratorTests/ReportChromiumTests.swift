import FarmSimulator
import Foundation
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// The HTML report of a real run (apply against the simulator, the DB load performed ahead: a node goes down while
/// its target processes start, the run falls back)
/// rendered by headless Chromium: the DOM after rendering has one timeline row per node plus system, and the page
/// screenshots to a non-trivial PNG. Fails (does not skip) when chromium is missing.
@Suite("Report in headless Chromium", .serialized)
struct ReportChromiumTests {
    /// Where the last run leaves its page and screenshot, to look at by hand.
    static let artifacts = NSTemporaryDirectory() + "aeupgrade-report-chromium"

    /// Applies seed-phase2 with AE_1B down from its target start until the rollback starts; returns the report.
    func realRun() async throws -> (RunReport, Plan) {
        let plan = try Fixtures.plan("seed-phase2")
        let harness = try await SimulatorHarness.start(plan)
        let farm = harness.farm
        let state = Fixtures.tempDirectory()
        try await farm.perform(.dbLoad(version: plan.topology.versions.target))
        let result = try await harness.runWithNodeDown("AE_1B", from: "DC2/AE_1B/target.start", state: state)
        let simulator = await farm.report()
        await farm.stop()
        guard case .rolledBack = result else { throw ChromiumFailure(message: "expected a rollback, got \(result)") }
        let journal = try Journal.read(path: UpgradeRun<ContinuousClock>.journalPath(
            stateDirectory: state, system: plan.system))
        let figures = try AvailabilityFigures.decode(try JSONEncoder().encode(simulator), source: "simulator")
        let report = RunReport(
            plan: plan, records: journal.records, availability: figures, timeScale: SimulatorHarness.scale)
        return (report, plan)
    }

    @Test func realRunRendersWithOneRowPerNode() async throws {
        guard let chromium = ReportChromium.find() else {
            Issue.record(Comment(rawValue: ReportChromium.missing))
            return
        }
        let (report, plan) = try await realRun()
        #expect(report.rollback != nil)
        #expect(report.steps.contains { $0.phase == .rollback })
        #expect(report.failures.contains { $0.step.id == "DC2/AE_1B/target.start" })

        try? FileManager.default.removeItem(atPath: Self.artifacts)
        try FileManager.default.createDirectory(atPath: Self.artifacts, withIntermediateDirectories: true)
        let page = Self.artifacts + "/report.html"
        try Data(ReportHTML.render(report).utf8).write(to: URL(fileURLWithPath: page))

        let dom = try await chromium.dumpDOM(page)
        let rows = dom.matches(of: #/<g class="row" data-node="([^"]*)">/#).map { String($0.output.1) }
        #expect(rows == ["system"] + plan.topology.nodes.map(\.name))
        #expect(dom.contains("</svg>"))
        #expect(dom.contains("Planned vs actual per step kind"))
        #expect(dom.contains("Availability (simulator)"))

        let png = Self.artifacts + "/report.png"
        try await chromium.screenshot(page, to: png)
        let bytes = [UInt8](FileManager.default.contents(atPath: png) ?? Data())
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "no PNG at \(png)")
        #expect(bytes.count > 20_000, "screenshot \(png) is only \(bytes.count) bytes: blank page?")
        if bytes.count > 24 {
            let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
            let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
            #expect(width == 1400 && height == 1100)
        }
    }
}
