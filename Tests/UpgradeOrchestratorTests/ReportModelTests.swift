import Foundation
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// The run report folded from hand-written journals: durations, attempts, gates, breaks, rollback, ZDU time.
@Suite("Report model")
struct ReportModelTests {
    func step(_ report: RunReport, _ id: String) throws -> ReportStep {
        try #require(report.steps.first { $0.id == id }, "no step \(id) in the report")
    }

    @Test func failedStepWithRetriesThenRollback() throws {
        let plan = try Fixtures.plan("seed-phase1")
        let report = RunReport(plan: plan, records: ReportJournals.failedThenRolledBack)

        #expect(report.outcome == "rolledBack")
        #expect(report.runs == 1)
        #expect(report.actualSeconds == 78)
        let start = try step(report, "DC2/AE_1B/target.start")
        #expect(start.outcome == .failed)
        #expect(start.attempts == 3)
        #expect(start.retries == 2)
        #expect(start.seconds == 30)
        #expect(start.retryStarts == [42, 52].map { ReportJournals.start.addingTimeInterval($0) })
        #expect(start.failures.map(\.reason) == ["HTTP 503 <busy>", "HTTP 503 <busy>", "AE_1B unreachable"])
        #expect(report.failures.count == 3)

        let stop = try step(report, "rollback/AE_1B/target.stop")
        #expect(stop.phase == .rollback)
        #expect(stop.kind == .targetStop)
        #expect(report.rows(of: stop) == ["AE_1B"])
        #expect(report.rollback?.cause == "DC2/AE_1B/target.start")
        #expect(report.rollback?.outcome == "done")

        // zdu.dbload done at 20; a fallback leaves compatibility mode on (AE-ZDU-7) until the journal's end, 78.
        #expect(report.compatibilitySeconds == 58)
        #expect(report.stillInCompatibility)

        let stage = try #require(report.kinds.first { $0.kind == .binariesStage })
        let plannedStage = plan.steps.filter { $0.kind == .binariesStage }
        #expect(stage.planned == plannedStage.count)
        #expect(stage.plannedSeconds == plannedStage.count * plannedStage[0].estimateSeconds)
        #expect(stage.done == 2)
        #expect(stage.actualSeconds == 20)
        let starts = try #require(report.kinds.first { $0.kind == .targetStart })
        #expect(starts.done == 0)
        #expect(starts.actualSeconds == 30)
        #expect(report.kinds.map(\.kind).contains(.targetStop) == false)
        #expect(report.rows == ["system", "AE_1A", "AE_1B"])
    }

    @Test func pausedApprovalGateThenResume() throws {
        let report = RunReport(plan: try ReportJournals.gatedPlan(), records: ReportJournals.pausedAtGate)

        #expect(report.outcome == "done")
        #expect(report.runs == 2)
        let gate = try #require(report.gates.first { $0.id == "gate/DC1" })
        #expect(gate.mode == "approval")
        #expect(gate.pausedAt == ReportJournals.start.addingTimeInterval(100))
        #expect(gate.approvedAt == ReportJournals.start.addingTimeInterval(400))
        #expect(gate.approvalNote == "by alice: DC2 looks fine")
        #expect(gate.waitedSeconds == 312)  // reached (paused) at 100, passed at 412
        #expect(report.breaks.count == 1)
        #expect(report.breaks.first?.kind == "paused")
        #expect(report.breakSeconds == 310)  // paused at 100, resumed at 410
        #expect(report.compatibilitySeconds == 440)  // DB load done 20, finalize done 460
        let gateStep = try step(report, "gate/DC1")
        #expect(gateStep.outcome == .done)
        #expect(report.rows(of: gateStep) == [RunReport.systemRow])

        let text = report.textLines.joined(separator: "\n")
        #expect(text.contains("gate/DC1 (approval): reached"))
        #expect(text.contains("approved"))
        #expect(text.contains("paused"))
        #expect(text.contains("ZDU compatibility mode: 7m20s"))
    }

    @Test func wizardStepsAreListedWithTheGates() throws {
        let plan = try Fixtures.plan("seed-phase1")
        let records = [
            ReportJournals.record(.runStarted, 0, reason: "apply", generation: 1),
            ReportJournals.record(.stepStarted, 29, step: "zdu.finalize", phase: .forward, attempt: 1),
            ReportJournals.record(.paused, 30, step: "zdu.finalize", phase: .forward,
                reason: "wizard: In the AWI, client 0, System Upgrade wizard: perform step 5 (Finalize)"),
            ReportJournals.record(.runFinished, 30, reason: "waiting for the operator to perform zdu.finalize",
                outcome: "paused"),
            ReportJournals.record(.runStarted, 100, reason: "resume", generation: 1),
        ] + ReportJournals.step("zdu.finalize", 101, 111)
            + [ReportJournals.record(.runFinished, 120, outcome: "done")]
        let report = RunReport(plan: plan, records: records)
        #expect(report.gates.map(\.id) == ["zdu.dbload", "zdu.switch", "gate/finalize", "zdu.finalize"])
        let finalize = try #require(report.gates.last)
        #expect(finalize.mode == "wizard step 5")
        #expect(finalize.kind == .zduFinalize)
        #expect(finalize.pausedAt == ReportJournals.start.addingTimeInterval(30))
        #expect(finalize.waitedSeconds == 82)  // reached at 29, observed done at 111
        #expect(report.gates.first?.passed == nil)
        #expect(report.textLines.contains("  gate/finalize (soak 600s): not reached"))
        #expect(report.textLines.contains { $0.hasPrefix("  zdu.finalize (wizard step 5): reached") })
        #expect(report.textLines.contains { $0.contains("stopped for the operator") })
    }

    @Test func runWithoutEndRecordIsABreakAndAnUnfinishedStep() throws {
        let plan = try Fixtures.plan("seed-phase1")
        let records = [
            ReportJournals.record(.runStarted, 0, reason: "apply", generation: 1),
            ReportJournals.record(.stepStarted, 5, step: "zdu.dbload", phase: .forward, attempt: 1),
            ReportJournals.record(.runStarted, 50, reason: "resume", generation: 1),
        ]
        let report = RunReport(plan: plan, records: records)
        #expect(report.outcome == "unfinished")
        #expect(report.breaks.map(\.kind) == ["interrupted"])
        #expect(report.breakSeconds == 45)
        #expect(try step(report, "zdu.dbload").outcome == .unfinished)
        #expect(report.compatibilitySeconds == nil)
    }

    @Test func availabilityFiguresDecodeAndAreSummarised() throws {
        let json = """
            {"system":"PROD","simulatedSeconds":3600.5,"secondsWithoutPWP":0,"takeovers":0,"autoActivations":1,
             "jobs":{"submitted":900,"completed":880,"delayed":12,"lost":0,"waiting":3,"running":17,
                     "longestDelaySeconds":31.5},
             "netAreas":[{"name":"NA_DC2","agents":80,"home":80,"disconnected":0,"secondsWithoutReachableActiveCP":0},
                         {"name":"NA_DC1","agents":120,"home":120,"disconnected":0,
                          "secondsWithoutReachableActiveCP":2.25}],
             "effects":{"applied":44,"duplicates":0,"perKey":{}}}
            """
        let figures = try AvailabilityFigures.decode(Data(json.utf8), source: "night.json")
        #expect(figures.netAreas.map(\.name) == ["NA_DC1", "NA_DC2"])
        let report = RunReport(
            plan: try ReportJournals.gatedPlan(), records: ReportJournals.pausedAtGate, availability: figures)
        let text = report.textLines.joined(separator: "\n")
        #expect(text.contains("jobs: 900 submitted, 880 completed, 12 delayed (longest 31.5s), 0 lost"))
        #expect(text.contains("NA_DC1: 2.3s without a reachable serving CP/JCP"))
        #expect(text.contains("effects: 44 applied, 0 duplicate"))

        #expect(throws: ReportError.self) { try AvailabilityFigures.decode(Data("{\"system\":1}".utf8), source: "x") }
        do {
            _ = try AvailabilityFigures.decode(Data("not json".utf8), source: "bad.json")
        } catch {
            #expect(error.description.hasPrefix("bad.json: "))
        }
    }
}
