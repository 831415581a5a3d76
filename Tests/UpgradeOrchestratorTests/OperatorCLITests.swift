import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// `aeupgrade apply/resume/approve` as an operator or a scheduler runs them: wizard steps, windows, approvals,
/// NDJSON, exit codes.
@Suite("operator CLI", .serialized)
struct OperatorCLITests {
    /// No node mid-upgrade: each node runs all its base processes and no target one, or the other way round; no
    /// agent disconnected.
    func atSafePoint(_ run: CLIRun) async throws -> Bool {
        let client = CurlNodeClient(endpoints: run.farm.endpoints.nodes, token: nil)
        let live = try await LiveState.fetch(client, topology: run.topology)
        let whole = live.nodes.values.allSatisfy { node in
            let base = node.baseProcesses.map { $0.state == .running }
            let target = node.targetProcesses.map { $0.state == .running }
            return (base.allSatisfy { $0 } && !target.contains(true))
                || (!base.contains(true) && !target.isEmpty && target.allSatisfy { $0 })
        }
        return live.nodes.count == run.topology.nodes.count && whole
            && live.system.netAreas.allSatisfy { $0.disconnected == 0 }
    }

    @Test func applyStopsWithExit75AtEachWizardStepAndResumeGoesOnOnceItIsPerformed() async throws {
        let run = try await CLIRun.start("plans/seed-phase1.yaml")
        let (runs, performed) = try await run.runThroughWizard("apply", ["--approve-all"])
        let report = await run.farm.report()
        await run.farm.stop()
        #expect(performed == ["zdu.dbload", "zdu.switch", "zdu.finalize"])
        #expect(runs.map(\.status) == [75, 75, 75, 0], "stderr: \(runs.map(\.stderr))")
        #expect(runs[0].stdout.contains("WIZARD zdu.dbload: In the AWI, client 0, System Upgrade wizard: perform step 2"))
        #expect(runs[0].stderr.contains("then:     aeupgrade resume \(run.topologyPath) --endpoints"))
        #expect(runs[1].stdout.contains("WIZARD zdu.switch: In the AWI, client 0, System Upgrade wizard: perform step 4"))
        expectUpgraded(report)
        expectZeroDowntime(report)
    }

    @Test func theContinueCommandPrintedAfterApplyContinueRuns() async throws {
        let run = try await CLIRun.start("plans/seed-phase1.yaml")
        let apply = try await run.run(run.arguments("apply", ["--continue", "--output", "json"]))
        #expect(apply.status == 75, "stderr: \(apply.stderr)")
        let then = try #require(apply.stderr.split(separator: "\n").first { $0.contains("then:") })
        #expect(then.contains("aeupgrade resume ") && !then.contains("--continue"), "\(then)")
        let next = apply.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["next"] as? String
        }
        #expect(!next.isEmpty && next.allSatisfy { $0.contains("resume") && !$0.contains("--continue") }, "\(next)")
        try await run.farm.perform(.dbLoad(version: run.topology.versions.target))
        let printed = then.split(separator: " ").drop { $0 != "aeupgrade" }.dropFirst().map(String.init)
        let resume = try await run.run(printed)
        await run.farm.stop()
        #expect(resume.status == 75, "the printed command runs, to the next wizard step: \(resume.stderr)")
    }

    @Test func windowTooShortStopsAtASafePointWithExit75AndResumeFinishes() async throws {
        let run = try await CLIRun.start("plans/seed-phase2.yaml")
        let until = Journal.timestamp(Date().addingTimeInterval(1))
        let apply = try await run.run(run.arguments("apply", ["--approve-all", "--until", until]))
        #expect(apply.status == 75, "stderr: \(apply.stderr)")
        #expect(apply.stderr.contains("continue in the next window: aeupgrade resume"))
        let records = try run.records()
        let paused = try #require(records.last { $0.event == .paused })
        #expect(paused.reason?.hasPrefix("window: window ends at \(until)") == true)
        #expect(records.last?.outcome == "paused")
        #expect(JournalState(records: records).inFlight.isEmpty)
        #expect(try await atSafePoint(run))

        let (runs, _) = try await run.runThroughWizard("resume", ["--approve-all"])
        let report = await run.farm.report()
        await run.farm.stop()
        #expect(runs.last?.status == 0, "stderr: \(runs.map(\.stderr))")
        expectUpgraded(report)
        expectZeroDowntime(report)
    }

    @Test func closedWindowStartsNothingAndSaysWhenItOpens() async throws {
        let run = try await CLIRun.start("plans/seed-phase1.yaml")
        let calendar = Calendar.current
        let hour = calendar.component(.hour, from: Date())
        let window = String(format: "%02d:00-%02d:00", (hour + 2) % 24, (hour + 3) % 24)
        let apply = try await run.run(run.arguments("apply", ["--approve-all", "--window", window]))
        await run.farm.stop()
        #expect(apply.status == 75, "stderr: \(apply.stderr)")
        #expect(apply.stdout.contains("window \(window) is closed until"))
        #expect(apply.stderr.contains("the window opens next at"))
        #expect(try run.records().allSatisfy { $0.event != .stepStarted })
        let bad = try await run.run(run.arguments("apply", ["--window", "25:00-04:00"]))
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("expected HH:MM-HH:MM"))
    }

    @Test func approvalGatePausesThenApproveThenResumePassesItButApproveNeverPassesAWizardStep() async throws {
        let topology = try CLIRun.topology("plans/seed-phase2.yaml") {
            $0.replacingOccurrences(of: "gateBetweenDCs: {soak: 10m}", with: "gateBetweenDCs: {approval: true}")
        }
        let run = try await CLIRun.start(topology)
        let (first, performed) = try await run.runThroughWizard("apply")
        #expect(performed == ["zdu.dbload", "zdu.switch"])
        let paused = try #require(first.last)
        #expect(paused.status == 75, "stderr: \(paused.stderr)")
        #expect(paused.stderr.contains("approve:  aeupgrade approve gate/DC1 "))
        #expect(paused.stderr.contains("continue: aeupgrade resume "))
        #expect(try run.records().last { $0.event == .paused }?.step == "gate/DC1")
        #expect(try await atSafePoint(run))

        let unknown = try await run.run(["approve", "gate/DC9", topology, "--state-dir", run.state])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("gate/DC9: not a step that needs approval in this plan; known: gate/DC1"))
        let wizard = try await run.run(["approve", "zdu.finalize", topology, "--state-dir", run.state])
        #expect(wizard.status == 1)
        #expect(wizard.stderr.contains("zdu.finalize is a wizard step: it is not approved but performed by the "
            + "operator"))
        #expect(wizard.stderr.contains("perform step 5 (Finalize)"))
        let approve = try await run.run(["approve", "gate/DC1", topology, "--state-dir", run.state,
            "--endpoints", run.endpoints, "--by", "alice", "--comment", "DC2 fine"])
        #expect(approve.status == 0, "stderr: \(approve.stderr)")
        #expect(approve.stdout.contains("continue with: aeupgrade resume \(topology) --state-dir \(run.state) "
            + "--endpoints \(run.endpoints)"), "the printed resume keeps the run's endpoints: \(approve.stdout)")
        let approval = try #require(try run.records().last)
        #expect(approval.event == .approved && approval.by == "alice" && approval.comment == "DC2 fine")

        let second = try await run.run(run.arguments("resume"))
        #expect(second.status == 75, "stderr: \(second.stderr)")
        #expect(try run.pausedWizardStep() == "zdu.finalize", "approve passed the gate, not the wizard step")
        #expect(try JournalState(records: try run.records()).done.contains("gate/DC1"))
        #expect(try await atSafePoint(run), "stopped for the operator with no node mid-upgrade")

        let (rest, last) = try await run.runThroughWizard("resume")
        #expect(rest.first?.status == 75 && last == ["zdu.finalize"])
        let report = await run.farm.report()
        await run.farm.stop()
        #expect(rest.last?.status == 0, "stderr: \(rest.map(\.stderr))")
        expectZeroDowntime(report)
    }

    @Test func ndjsonEventsParseAndCarryTheDocumentedFields() async throws {
        let run = try await CLIRun.start("plans/seed-phase2.yaml")
        let (runs, _) = try await run.runThroughWizard("apply", ["--approve-all", "--output", "json"])
        let report = await run.farm.report()
        await run.farm.stop()
        #expect(runs.last?.status == 0, "stderr: \(runs.map(\.stderr))")
        expectZeroDowntime(report)
        let documented: Set<String> = [
            "run.started", "step.started", "step.succeeded", "step.failed", "step.reconciled", "gate.soaking",
            "gate.passed", "wizard.needed", "run.paused", "window.closed", "rollback.started", "run.finished",
            "warning",
        ]
        var objects: [[String: Any]] = []
        for line in runs.flatMap({ $0.stdout.split(separator: "\n") }) {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not an object: \(line)")
            objects.append(object)
            let event = try #require(object["event"] as? String)
            #expect(documented.contains(event), "undocumented event \(event)")
            #expect((object["ts"] as? String).flatMap(RunReport.date) != nil, "ts: \(line)")
            #expect(object["message"] is String)
            if event.hasPrefix("step.") || event.hasPrefix("gate.") || event.hasPrefix("wizard.") {
                #expect(object["step"] is String && object["kind"] is String && object["state"] is String, "\(line)")
                #expect(object["nodes"] is [String], "\(line)")
            }
            if event == "step.started" {
                #expect(object["attempt"] is Int, "\(line)")
                if (object["nodes"] as? [String])?.isEmpty == false { #expect(object["dc"] is String, "\(line)") }
            }
        }
        let wizard = objects.filter { $0["event"] as? String == "wizard.needed" }
        #expect(wizard.compactMap { $0["step"] as? String } == ["zdu.dbload", "zdu.switch", "zdu.finalize"])
        #expect(wizard.compactMap { $0["wizardStep"] as? Int } == [2, 4, 5])
        #expect(wizard.allSatisfy { ($0["reason"] as? String)?.hasPrefix("In the AWI, client 0") == true })
        #expect(wizard.allSatisfy { ($0["next"] as? String)?.hasPrefix("aeupgrade resume ") == true })
        #expect(wizard.allSatisfy { $0["state"] as? String == "awaitingOperator" })
        let plan = try Fixtures.plan("seed-phase2")
        let done = objects.filter { ["step.succeeded", "gate.passed"].contains($0["event"] as? String) }
        #expect(Set(done.compactMap { $0["step"] as? String }) == Set(plan.steps.map(\.id)))
        #expect(objects.first?["event"] as? String == "run.started")
        #expect(objects.first?["total"] as? Int == plan.steps.count)
        #expect(objects.last?["event"] as? String == "run.finished")
        #expect(objects.last?["state"] as? String == "done")
    }
}
