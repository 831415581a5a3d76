import Foundation
import Testing
import UpgradeOrchestrator

/// The binary against a simulated farm whose AE_1A performs the wizard steps (topology `simulatedWizard`): one apply
/// goes from start to done, and its NDJSON names the node that ran each step.
@Suite("scripted wizard steps on the command line", .serialized)
struct ScriptedWizardCLITests {
    @Test func oneApplyRunsEveryScriptedWizardStepAndSaysWhichNodeRanIt() async throws {
        let topology = try CLIRun.topology("plans/seed-phase1.yaml") {
            $0.replacingOccurrences(
                of: "    pwp: true\n", with: "    pwp: true\n    simulatedWizard: [dbload, switch, finalize]\n")
        }
        let cli = try await CLIRun.start(topology)
        let run = try await cli.run(cli.arguments("apply", ["--approve-all", "--output", "json"]))
        await cli.farm.stop()
        #expect(run.status == 0, "\(run.stderr)")
        let events = run.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let scripted = events.filter { $0["event"] as? String == "wizard.scripted" }
        #expect(scripted.map { "\($0["step"] ?? "") \($0["node"] ?? "") \($0["wizardStep"] ?? "")" }
            == ["zdu.dbload AE_1A 2", "zdu.switch AE_1A 4", "zdu.finalize AE_1A 5"])
        #expect(scripted.allSatisfy { ($0["operation"] as? String)?.hasPrefix("op-") == true })
        #expect(!events.contains { $0["event"] as? String == "wizard.needed" })
        #expect(events.last?["state"] as? String == "done")
    }
}
