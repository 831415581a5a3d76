import Foundation
import UpgradeOrchestrator
import UpgradePlan

/// Hand-written journals for the report tests: records at whole seconds after a fixed start.
enum ReportJournals {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    static func at(_ seconds: Double) -> String {
        Journal.timestamp(start.addingTimeInterval(seconds))
    }

    static func record(
        _ event: JournalEvent, _ seconds: Double, step: String? = nil, phase: RunPhase? = nil, attempt: Int? = nil,
        reason: String? = nil, outcome: String? = nil, generation: Int? = nil
    ) -> JournalRecord {
        JournalRecord(
            event: event, time: at(seconds), planHash: event == .runStarted ? "abc123" : nil,
            system: event == .runStarted ? "PROD" : nil, phase: phase, step: step, attempt: attempt, reason: reason,
            outcome: outcome, generation: generation)
    }

    /// A step that starts and succeeds.
    static func step(_ id: String, _ from: Double, _ to: Double, phase: RunPhase = .forward) -> [JournalRecord] {
        [record(.stepStarted, from, step: id, phase: phase, attempt: 1),
            record(.stepSucceeded, to, step: id, phase: phase)]
    }

    /// seed-phase1: stage, the DB load observed, AE_1B's drain, then AE_1B's target start fails three times
    /// (retried twice) and the run falls back: AE_1B's target processes stop, ZDU stays on.
    static var failedThenRolledBack: [JournalRecord] {
        var records = [record(.runStarted, 0, reason: "apply", generation: 1)]
        records += step("DC1/AE_1A/binaries.stage", 1, 11) + step("DC2/AE_1B/binaries.stage", 1, 11)
        records += step("zdu.dbload", 12, 20)
        records += step("DC2/AE_1B/cp.drain", 21, 25)
        let start = "DC2/AE_1B/target.start"
        records += [
            record(.stepStarted, 30, step: start, phase: .forward, attempt: 1),
            record(.stepFailed, 40, step: start, phase: .forward, attempt: 1, reason: "HTTP 503 <busy>"),
            record(.stepStarted, 42, step: start, phase: .forward, attempt: 2),
            record(.stepFailed, 50, step: start, phase: .forward, attempt: 2, reason: "HTTP 503 <busy>"),
            record(.stepStarted, 52, step: start, phase: .forward, attempt: 3),
            record(.stepFailed, 60, step: start, phase: .forward, attempt: 3, reason: "AE_1B unreachable"),
            record(.rollbackStarted, 61, step: start, reason: "AE_1B unreachable"),
        ]
        records += step("rollback/AE_1B/target.stop", 62, 66, phase: .rollback)
        records += [
            record(.rollbackFinished, 78, outcome: "done"),
            record(.runFinished, 78, reason: "rolled back", outcome: "rolledBack"),
        ]
        return records
    }

    /// The plan `pausedAtGate` belongs to: seed-phase2 with an approval gate between the datacenters.
    static func gatedPlan() throws -> Plan {
        try Fixtures.plan("seed-phase2") { $0.policy.gateBetweenDCs = .approval }
    }

    /// `gatedPlan`: the run pauses at gate/DC1, an operator approves, resume finishes (the wizard steps observed).
    static var pausedAtGate: [JournalRecord] {
        var records = [record(.runStarted, 0, reason: "apply", generation: 1)]
        records += step("zdu.dbload", 10, 20)
        records += step("DC2/AE_1B/target.start", 30, 60)
        records += [
            record(.paused, 100, step: "gate/DC1", reason: "gate/DC1"),
            record(.runFinished, 100, reason: "approval needed for gate/DC1", outcome: "paused"),
            record(.approved, 400, step: "gate/DC1", reason: "by alice: DC2 looks fine"),
            record(.runStarted, 410, reason: "resume", generation: 1),
            record(.stepStarted, 411, step: "gate/DC1", phase: .forward, attempt: 1),
            record(.gatePassed, 412, step: "gate/DC1", phase: .forward),
        ]
        records += step("DC1/AE_2A/target.start", 415, 445)
        records += step("zdu.finalize", 450, 460)
        records += [record(.runFinished, 500, reason: "every step done", outcome: "done")]
        return records
    }
}
