import Foundation
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// A damaged journal on real runs of the binary: resume refuses naming the line, `journal verify` finds it, and
/// `journal repair --truncate-after` keeps the intact records with a backup. No node is asked: the journal is read
/// first.
@Suite("journal verify and repair CLI")
struct JournalCLITests {
    static let topology = Fixtures.root.appendingPathComponent("plans/seed-phase2.yaml").path

    /// A state directory whose journal holds a run of the seed plan with `steps` steps done, and the journal's path.
    func state(steps: Int) throws -> (state: String, journal: String, lines: [String]) {
        let plan = try Fixtures.plan("seed-phase2")
        let time = "2026-01-01T00:00:00.000Z"
        var records = [JournalRecord(
            event: .runStarted, time: time, planHash: PlanIdentity.hash(plan), system: plan.system, reason: "apply",
            generation: 1, pid: 1, host: "test")]
        for step in plan.steps.prefix(steps) {
            records.append(JournalRecord(event: .stepStarted, time: time, phase: .forward, step: step.id, attempt: 1))
            records.append(JournalRecord(event: .stepSucceeded, time: time, phase: .forward, step: step.id, attempt: 1))
        }
        let state = Fixtures.tempDirectory()
        let journal = UpgradeRun<ContinuousClock>.journalPath(stateDirectory: state, system: plan.system)
        let text = String(decoding: try JournalChain.text(records), as: UTF8.self)
        try text.write(toFile: journal, atomically: true, encoding: .utf8)
        return (state, journal, text.split(separator: "\n").map(String.init))
    }

    @Test func lineRemovedFromTheMiddleStopsResumeAndRepairKeepsTheRecordsBeforeIt() async throws {
        let (state, journal, lines) = try state(steps: 3)
        var damaged = lines
        damaged.remove(at: 3)  // line 4: a stepSucceeded
        try (damaged.joined(separator: "\n") + "\n").write(toFile: journal, atomically: true, encoding: .utf8)
        let damagedBytes = try Data(contentsOf: URL(fileURLWithPath: journal))

        let resume = try await ChildProcess.capture(["resume", Self.topology, "--state-dir", state])
        #expect(resume.status == 1)
        #expect(resume.stderr.contains("\(journal):4: corrupt journal record: seq 5, expected 4: record 4 is missing"))
        #expect(resume.stderr.contains("--truncate-after 3"))

        let verify = try await ChildProcess.capture(["journal", "verify", Self.topology, "--state-dir", state])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("\(journal):4: corrupt journal record"))

        let repair = try await ChildProcess.capture(
            ["journal", "repair", Self.topology, "--state-dir", state, "--truncate-after", "3"])
        #expect(repair.status == 0, "stderr: \(repair.stderr)")
        #expect(repair.stdout.contains("\(journal): kept records 1–3"))
        let backup = try #require(repair.stdout.split(separator: "\n")
            .first { $0.hasPrefix("backup of the journal as it was: ") }?
            .dropFirst("backup of the journal as it was: ".count))
        #expect(try Data(contentsOf: URL(fileURLWithPath: String(backup))) == damagedBytes)
        #expect(try String(contentsOfFile: journal, encoding: .utf8) == lines.prefix(3).joined(separator: "\n") + "\n")

        let again = try await ChildProcess.capture(["journal", "verify", Self.topology, "--state-dir", state])
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(again.stdout == "\(journal): 3 records, chain intact\n")
    }

    @Test func repairRefusesToKeepABadRecordAndChangesNothing() async throws {
        let (state, journal, lines) = try state(steps: 2)
        var damaged = lines
        damaged[1] = damaged[1].replacingOccurrences(of: #""attempt":1"#, with: #""attempt":2"#)
        try (damaged.joined(separator: "\n") + "\n").write(toFile: journal, atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: URL(fileURLWithPath: journal))
        let repair = try await ChildProcess.capture(
            ["journal", "repair", Self.topology, "--state-dir", state, "--truncate-after", "4"])
        #expect(repair.status == 1)
        #expect(repair.stderr.contains("\(journal):2: corrupt journal record: line 3's prev does not match this line"))
        #expect(repair.stderr.contains("--truncate-after 1"), "the advice drops the edited line 2")
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == before)
        let names = try FileManager.default.contentsOfDirectory(atPath: state)
        #expect(!names.contains { $0.contains(".bak-") }, "no backup of a repair that did not happen")
    }
}
