import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// `aeupgrade apply/resume/approve` as an operator or a scheduler runs them: windows, approvals, NDJSON, exit codes.
@Suite("operator CLI", .serialized)
struct OperatorCLITests {
    /// Every CP active and running, every NetArea's agents home: no node out of service.
    func atSafePoint(_ run: CLIRun) async throws -> Bool {
        let client = CurlNodeClient(endpoints: run.farm.endpoints.nodes, token: nil)
        let live = try await LiveState.fetch(client, topology: run.topology)
        let cps = live.nodes.values.flatMap(\.processes).filter { $0.kind == .cp }
        return !cps.isEmpty && cps.allSatisfy { $0.cpMode == .active && $0.state == .running }
            && live.system.netAreas.allSatisfy { $0.home == $0.agents }
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

        let resume = try await run.run(run.arguments("resume", ["--approve-all"]))
        let report = await run.farm.report()
        await run.farm.stop()
        #expect(resume.status == 0, "stderr: \(resume.stderr)")
        #expect(report.jobs.lost == 0)
        #expect(report.nodes.allSatisfy { $0.installedVersion == run.topology.versions.target })
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

    @Test func approvalGatePausesThenApproveThenResumePassesIt() async throws {
        let topology = try CLIRun.topology("plans/seed-phase2.yaml") {
            $0.replacingOccurrences(of: "gateBetweenDCs: {soak: 10m}", with: "gateBetweenDCs: {approval: true}")
        }
        let run = try await CLIRun.start(topology)
        let first = try await run.run(run.arguments("apply"))
        #expect(first.status == 75, "stderr: \(first.stderr)")
        #expect(first.stderr.contains("approve:  aeupgrade approve gate/DC1 "))
        #expect(first.stderr.contains("continue: aeupgrade resume "))
        #expect(try run.records().last { $0.event == .paused }?.step == "gate/DC1")
        #expect(try await atSafePoint(run))

        let unknown = try await run.run(["approve", "gate/DC9", topology, "--state-dir", run.state])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("gate/DC9: not a step that needs approval in this plan; known: gate/DC1, "
            + "zdu.finalize"))
        let approve = try await run.run(
            ["approve", "gate/DC1", topology, "--state-dir", run.state, "--by", "alice", "--comment", "DC2 fine"])
        #expect(approve.status == 0, "stderr: \(approve.stderr)")
        let approval = try #require(try run.records().last)
        #expect(approval.event == .approved && approval.by == "alice" && approval.comment == "DC2 fine")

        let second = try await run.run(run.arguments("resume"))
        #expect(second.status == 75, "stderr: \(second.stderr)")
        #expect(second.stderr.contains("zdu.finalize is the point of no return"))
        let state = JournalState(records: try run.records())
        #expect(state.done.contains("gate/DC1"))
        #expect(!state.done.contains("zdu.finalize"))
        #expect(try await atSafePoint(run), "paused for zdu.finalize before its batch took a node out of service")

        #expect(try await run.run(["approve", "zdu.finalize", topology, "--state-dir", run.state]).status == 0)
        let third = try await run.run(run.arguments("resume"))
        let report = await run.farm.report()
        await run.farm.stop()
        #expect(third.status == 0, "stderr: \(third.stderr)")
        #expect(report.jobs.lost == 0)
    }

    @Test func ndjsonEventsParseAndCarryTheDocumentedFields() async throws {
        let run = try await CLIRun.start("plans/seed-phase2.yaml")
        let apply = try await run.run(run.arguments("apply", ["--approve-all", "--output", "json"]))
        await run.farm.stop()
        #expect(apply.status == 0, "stderr: \(apply.stderr)")
        let documented: Set<String> = [
            "run.started", "step.started", "step.succeeded", "step.failed", "step.reconciled", "gate.soaking",
            "gate.passed", "run.paused", "window.closed", "rollback.started", "run.finished", "warning",
        ]
        let lines = apply.stdout.split(separator: "\n")
        var objects: [[String: Any]] = []
        for line in lines {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not an object: \(line)")
            objects.append(object)
            let event = try #require(object["event"] as? String)
            #expect(documented.contains(event), "undocumented event \(event)")
            #expect((object["ts"] as? String).flatMap(RunReport.date) != nil, "ts: \(line)")
            #expect(object["message"] is String)
            if event.hasPrefix("step.") || event.hasPrefix("gate.") {
                #expect(object["step"] is String && object["kind"] is String && object["state"] is String, "\(line)")
                #expect(object["nodes"] is [String], "\(line)")
            }
            if event == "step.started" {
                #expect(object["attempt"] is Int, "\(line)")
                if (object["nodes"] as? [String])?.isEmpty == false { #expect(object["dc"] is String, "\(line)") }
            }
        }
        let plan = try Fixtures.plan("seed-phase2")
        let done = objects.filter { ["step.succeeded", "gate.passed"].contains($0["event"] as? String) }
        #expect(Set(done.compactMap { $0["step"] as? String }) == Set(plan.steps.map(\.id)))
        #expect(objects.first?["event"] as? String == "run.started")
        #expect(objects.first?["total"] as? Int == plan.steps.count)
        #expect(objects.last?["event"] as? String == "run.finished")
        #expect(objects.last?["state"] as? String == "done")
    }
}
