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
        #expect(gate.approvalWaitSeconds == 312)  // paused at 100, passed at 412
        #expect(gate.secondsToPass == 312)
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
        #expect(text.contains("waited 5m12s for the approval"))
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
        #expect(finalize.secondsToPass == 82)  // reached at 29, observed done at 111
        #expect(finalize.approvalWaitSeconds == nil, "the run waited for the operator's action, not for an approval")
        #expect(report.gates.first?.passed == nil)
        #expect(report.textLines.contains("  gate/finalize (soak 600s): not reached"))
        #expect(report.textLines.contains { $0.hasPrefix("  zdu.finalize (wizard step 5): reached") })
        #expect(report.textLines.contains { $0.contains("stopped for the operator") })
        #expect(!report.textLines.contains { $0.contains("zdu.finalize") && $0.contains("approv") })
    }

    @Test func approvalWaitOnlyWhenTheRunWaitedForAnApproval() throws {
        // --approve-all: gate/DC1 passes at once; zdu.finalize stops the run for the operator (not an approval).
        let records = [
            ReportJournals.record(.runStarted, 0, reason: "apply", generation: 1),
            ReportJournals.record(.stepStarted, 100, step: "gate/DC1", phase: .forward, attempt: 1),
            ReportJournals.record(.gatePassed, 100.5, step: "gate/DC1", phase: .forward),
            ReportJournals.record(.stepStarted, 200, step: "zdu.finalize", phase: .forward, attempt: 1),
            ReportJournals.record(.paused, 200.2, step: "zdu.finalize", phase: .forward,
                reason: "wizard: In the AWI, client 0, System Upgrade wizard: perform step 5 (Finalize)"),
            ReportJournals.record(.runFinished, 200.3, reason: "waiting for the operator to perform zdu.finalize",
                outcome: "paused"),
            ReportJournals.record(.runStarted, 300, reason: "resume", generation: 1),
        ] + ReportJournals.step("zdu.finalize", 301, 311.4)
            + [ReportJournals.record(.runFinished, 312, outcome: "done")]
        let report = RunReport(plan: try ReportJournals.gatedPlan(), records: records)
        let gate = try #require(report.gates.first { $0.id == "gate/DC1" })
        #expect(gate.pausedAt == nil)
        #expect(gate.approvalWaitSeconds == nil)
        let finalize = try #require(report.gates.first { $0.id == "zdu.finalize" })
        #expect(finalize.pausedAt != nil)
        #expect(finalize.approvalWaitSeconds == nil)
        let text = report.textLines
        let gateLine = try #require(text.first { $0.hasPrefix("  gate/DC1 ") })
        let at = { (seconds: Double) in ReportFormat.clock(ReportJournals.start.addingTimeInterval(seconds)) }
        #expect(gateLine == "  gate/DC1 (approval): reached \(at(100)), passed \(at(100.5))")
        #expect(!text.contains { $0.contains("waited") || $0.contains("paused for approval") })
        let page = ReportHTML.render(report)
        #expect(page.components(separatedBy: "class=\"approval-wait\"").count - 1 == 0)
        #expect(page.components(separatedBy: "class=\"operator-stop\"").count - 1 == 1)
        #expect(!page.contains("waited"))

        // The same plan, the run paused at gate/DC1 and an operator approved: the wait is shown, once.
        let paused = RunReport(plan: try ReportJournals.gatedPlan(), records: ReportJournals.pausedAtGate)
        #expect(paused.textLines.filter { $0.contains("for the approval") }.count == 1)
        let pausedPage = ReportHTML.render(paused)
        #expect(pausedPage.components(separatedBy: "class=\"approval-wait\"").count - 1 == 1)
    }

    @Test func aRunJournalsItsTimeScaleAndTheReportLabelsItWithoutBeingTold() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let state = Fixtures.tempDirectory()
        var options = RunOptions(
            stateDirectory: state, timeScale: 250, pollInterval: .milliseconds(1), stepTimeout: .seconds(40_000),
            retryDelay: .milliseconds(10))
        options.approveAll = true
        _ = try await UpgradeRun(plan: plan, client: fake, options: options, clock: ContinuousClock(), emit: { _ in })
            .execute(.apply)
        let records = try Journal.read(
            path: UpgradeRun<ContinuousClock>.journalPath(stateDirectory: state, system: plan.system)).records
        #expect(records.first { $0.event == .runStarted }?.timeScale == 250)
        #expect(RunReport(plan: plan, records: records).timeScale == 250)
        #expect(RunReport(plan: plan, records: records, timeScale: 1).timeScale == 1, "a scale given wins")
        #expect(RunReport(plan: plan, records: ReportJournals.failedThenRolledBack).timeScale == 1,
            "a journal without a scale is a real farm's")
    }

    @Test func scaledRunShowsWallClockTimesAndLabelsSimulatedDurations() throws {
        let plan = try Fixtures.plan("seed-phase1")
        let start = ReportJournals.start
        let report = RunReport(plan: plan, records: ReportJournals.failedThenRolledBack, timeScale: 40)
        // Times are the journal's wall clock, not stretched by the scale.
        #expect(report.start == start)
        #expect(report.end == start.addingTimeInterval(78))
        #expect(try step(report, "DC2/AE_1B/target.start").start == start.addingTimeInterval(30))
        #expect(report.rollback?.start == start.addingTimeInterval(61))

        let text = report.textLines
        #expect(text.filter { $0.contains("time scale ×40") }.count == 1, "the scale is shown once, at the top")
        #expect(text[1].contains("time scale ×40"))
        let end = Journal.timestamp(start.addingTimeInterval(78))
        #expect(text.contains("  from \(Journal.timestamp(start)) to \(end): 1m18s wall clock, 0s of it between runs"))
        #expect(text.contains { $0.hasSuffix("running time: 1m18s wall clock, 52m00s sim") })
        #expect(text.contains("  \(ReportFormat.clock(start.addingTimeInterval(40))) DC2/AE_1B/target.start attempt 1: "
            + "HTTP 503 <busy>"))
        let rollbackSpan = "\(ReportFormat.clock(start.addingTimeInterval(61))) -> "
            + ReportFormat.clock(start.addingTimeInterval(78))
        #expect(text.contains { $0.hasPrefix("rollback after DC2/AE_1B/target.start") && $0.contains(rollbackSpan) })
        // Durations on the farm's clock: ×40 and labelled, every one of them.
        let header = try #require(text.firstIndex { $0.hasPrefix("  kind ") })
        let total = try #require(text.firstIndex { $0.hasPrefix("  total (sum of steps)") })
        for line in text[(header + 1)...total] { #expect(line.contains(" sim "), "unlabelled: \(line)") }
        let stage = try #require(text.first { $0.hasPrefix("  binaries.stage ") })
        #expect(stage.contains("13m20s sim"))  // two stages of 10 s each
        #expect(text.contains("ZDU compatibility mode: 38m40s sim (still on at the journal's end)"))

        let page = ReportHTML.render(report)
        #expect(page.components(separatedBy: "class=\"scale\"").count - 1 == 1)
        #expect(page.contains(Journal.timestamp(start.addingTimeInterval(78))))
        #expect(!page.contains(Journal.timestamp(start.addingTimeInterval(78 * 40))))
        #expect(page.contains("<td>\(ReportFormat.clock(start.addingTimeInterval(30)))</td>"))
        #expect(page.contains("<td>20m00s sim</td>"))  // DC2/AE_1B/target.start: 30 s × 40
        #expect(page.contains("1m18s wall clock"))

        // An approval wait is the operator's time: wall clock, never scaled.
        let gated = RunReport(plan: try ReportJournals.gatedPlan(), records: ReportJournals.pausedAtGate, timeScale: 40)
        #expect(gated.textLines.contains { $0.hasSuffix("waited 5m12s for the approval") })
        #expect(gated.textLines.contains { $0.hasPrefix("  paused ") && $0.contains("(5m10s)") })

        // A real farm: no scale line, nothing labelled simulated.
        let real = RunReport(plan: plan, records: ReportJournals.failedThenRolledBack)
        #expect(!real.textLines.contains { $0.contains(" sim") || $0.contains("time scale") })
    }

    @Test func stepsOfSeveralGenerationsAreSaidToBe() throws {
        let plan = try Fixtures.plan("seed-phase1")
        let one = RunReport(plan: plan, records: ReportJournals.failedThenRolledBack)
        #expect(!one.textLines.contains { $0.contains("generations") })
        var records = ReportJournals.failedThenRolledBack
        records.append(ReportJournals.record(.runStarted, 100, reason: "apply", generation: 2))
        records += ReportJournals.step("DC1/AE_1A/binaries.stage", 101, 105)
        let two = RunReport(plan: plan, records: records)
        let line = try #require(two.textLines.first { $0.hasPrefix("steps: ") })
        #expect(line.hasSuffix("across 2 generations (apply --continue after a fallback runs the plan again)"), "\(line)")
        #expect(two.textLines.contains { $0.hasPrefix("planned vs actual") && $0.contains("done: in every generation") })
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
