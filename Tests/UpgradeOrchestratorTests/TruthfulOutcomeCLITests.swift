import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradeOrchestrator

/// Outcomes are claimed only when observed, on real runs of the binary against the simulator: without a journal
/// on a half-upgraded farm, rollback and resume refuse and list what they see; a WP that crashed on an upgraded
/// node keeps the run from ending "done".
@Suite("truthful outcomes", .serialized)
struct TruthfulOutcomeCLITests {
    /// Applies seed phase 1 up to the wizard's switch: AE_1B (DC2) runs its target processes, AE_1A its base ones.
    func halfUpgraded() async throws -> CLIRun {
        let run = try await CLIRun.start("plans/seed-phase1.yaml")
        var outcome = try await run.run(run.arguments("apply", ["--approve-all"]))
        for _ in 0..<3 where outcome.status == 75 {
            guard let id = try run.pausedWizardStep(), id != "zdu.switch" else { break }
            try await run.farm.perform(.dbLoad(version: run.topology.versions.target))
            outcome = try await run.run(run.arguments("resume", ["--approve-all"]))
        }
        #expect(outcome.status == 75, "apply up to the switch: \(outcome.stderr)")
        #expect(try run.pausedWizardStep() == "zdu.switch")
        return run
    }

    /// The target processes that run on a node of the farm.
    func targetRunning(_ run: CLIRun, _ node: String) async -> [String] {
        await run.farm.inspect { model in
            (model.nodeState(node)?.processes ?? []).filter { $0.id.contains("@") && $0.state == .running }.map(\.id)
        }
    }

    @Test func rollbackAndResumeWithoutAJournalOnAHalfUpgradedFarmRefuseListingWhatTheySee() async throws {
        let run = try await halfUpgraded()
        let before = await targetRunning(run, "AE_1B")
        #expect(!before.isEmpty)
        for emptied in [false, true] {
            if emptied {
                FileManager.default.createFile(atPath: run.journalPath, contents: Data())  // empty, not missing
            } else {
                try FileManager.default.removeItem(atPath: run.journalPath)
            }
            for command in ["rollback", "resume"] {
                let refused = try await run.run(run.arguments(command, ["--approve-all"]))
                #expect(refused.status == 1, "\(command) without a journal: \(refused.stderr)")
                #expect(refused.stderr.contains("\(command) refused: \(run.journalPath) holds no run"))
                #expect(refused.stderr.contains("AE_1B: target processes"), "lists what it sees: \(refused.stderr)")
                #expect(refused.stderr.contains("ZDU phase is compatibility") || refused.stderr.contains("not running"))
                #expect(!refused.stdout.contains("rolled back") && !refused.stdout.contains("back on"))
            }
        }
        #expect(await targetRunning(run, "AE_1B") == before, "nothing changed")
        await run.farm.stop()
    }

    @Test func aCrashedWPOnAnUpgradedNodeKeepsTheRunFromEndingDone() async throws {
        let run = try await halfUpgraded()
        try await run.farm.inject(Fault(kind: .crash, process: "AE_1B/WP2@24.4.4"))
        try await run.farm.perform(.switchOver)
        let (runs, _) = try await run.runThroughWizard("resume", ["--approve-all"])
        await run.farm.stop()
        #expect(runs.allSatisfy { $0.status != 0 }, "exits: \(runs.map(\.status))")
        let output = runs.map { $0.stdout + $0.stderr }.joined()
        #expect(output.contains("crashed AE_1B/WP2@24.4.4"), "the crashed WP is named: \(runs.last?.stderr ?? "")")
    }
}
