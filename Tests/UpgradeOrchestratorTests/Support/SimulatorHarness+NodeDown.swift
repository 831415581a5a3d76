import FarmSimulator
import UpgradeOrchestrator

extension SimulatorHarness {
    /// Applies the plan with `node`'s endpoint down from the first forward attempt of `step` until the rollback
    /// starts (the fault is cleared then, so the rollback can reach the node).
    func runWithNodeDown(_ node: String, from step: String, state: String) async throws(RunError) -> RunResult {
        let farm = self.farm
        let log = EventLog { event in
            switch event {
            case .stepStarted(step, 1, .forward):
                try? await farm.inject(Fault(kind: .nodeDown, node: node))
            case .rollbackStarted:
                try? await farm.clearFaults()
            default:
                break
            }
        }
        return try await run(state: state, log: log)
    }
}
