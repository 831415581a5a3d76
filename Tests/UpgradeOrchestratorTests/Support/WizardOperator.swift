import FarmSimulator
import NodeContract
import UpgradeOrchestrator
import UpgradePlan

/// The operator's side of the wizard steps in tests: what the operator does in the AWI, played through the
/// simulator (its model for the in-memory fake, its admin API for the served farm), and a loop that resumes a run
/// after each step, as the demo does.
enum WizardOperator {
    /// The wizard step of a plan or rollback step id, nil for other steps.
    static func step(_ id: String, plan: Plan) -> WizardStep? {
        switch plan.step(id: id)?.kind ?? ReportStep.parse(id: id)?.kind {
        case .zduDBLoad: .dbLoad(version: plan.topology.versions.target)
        case .zduSwitch: .switchOver
        case .zduFinalize: .finalize
        case .zduRollback: .rollback
        default: nil
        }
    }

    /// Runs `first`, then, each time the run stops (paused) at wizard steps, performs them and resumes, until the
    /// run ends otherwise (done, rolled back, halted, paused for an approval...). Returns the last result and the
    /// wizard steps performed, in order.
    static func drive(
        _ plan: Plan, first: RunMode = .apply, run: (RunMode) async throws -> RunResult,
        perform: (WizardStep) async throws -> Void
    ) async throws -> (result: RunResult, performed: [String]) {
        var mode = first
        var performed: [String] = []
        while true {
            let result = try await run(mode)
            guard case .paused(let steps) = result else { return (result, performed) }
            let wizard = steps.compactMap { id in step(id, plan: plan).map { (id, $0) } }
            guard !wizard.isEmpty, performed.count < 20 else { return (result, performed) }
            for (id, step) in wizard {
                try await perform(step)
                performed.append(id)
            }
            mode = .resume
        }
    }
}

extension SimulatedFarm {
    /// Performs a wizard step as the operator would; finalize is refused while base-started jobs run (AE-ZDU-8),
    /// so the operator moves simulated time on and tries again (a bounded number of times).
    func perform(_ step: WizardStep) async throws {
        for _ in 0..<200 {
            do {
                try await wizard(step)
                return
            } catch let problem as Problem where step == .finalize && problem.status == 409 {
                await advance(seconds: 30)
            }
        }
        try await wizard(step)
    }
}
