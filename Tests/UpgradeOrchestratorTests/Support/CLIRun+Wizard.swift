import FarmSimulator
import Foundation
import UpgradeOrchestrator
import UpgradePlan

extension CLIRun {
    /// One run of the binary: exit status, stdout, stderr.
    typealias Outcome = (status: Int32, stdout: String, stderr: String)

    /// The wizard step the last run stopped at (the journal's last `paused` record, when it is a wizard step).
    func pausedWizardStep() throws -> String? {
        guard let paused = try records().last(where: { $0.event == .paused }),
            paused.reason?.hasPrefix("wizard: ") == true
        else { return nil }
        return paused.step
    }

    /// Runs `aeupgrade <command>` with `extra`; each time it exits 75 at a wizard step, performs the step on the
    /// farm as the operator would (the admin endpoint's code path) and runs `resume` with the same `extra`, until
    /// a run ends otherwise. Returns every run's outcome, in order, and the wizard steps performed.
    func runThroughWizard(
        _ command: String, _ extra: [String] = []
    ) async throws -> (runs: [Outcome], performed: [String]) {
        var runs = [try await run(arguments(command, extra))]
        var performed: [String] = []
        let plan = try Fixtures.plan(topologyPath)
        while runs.last?.status == 75, let id = try pausedWizardStep(), performed.count < 10,
            let step = WizardOperator.step(id, plan: plan)
        {
            try await farm.perform(step)
            performed.append(id)
            runs.append(try await run(arguments("resume", extra)))
        }
        return (runs, performed)
    }
}
