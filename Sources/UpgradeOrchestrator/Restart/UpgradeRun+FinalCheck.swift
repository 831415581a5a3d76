import UpgradePlan

extension UpgradeRun {
    /// The final check once every step is done (`HealthCheck.upgradedProblems` on a fresh read); crashed target
    /// processes are restarted first when the policy says so (`StepRunner.restartCrashed`), each restart journaled.
    func finalCheckProblems(_ runner: StepRunner<C>, journal: Journal) async throws(RunError) -> [String] {
        let topology = plan.topology
        let finalized = plan.steps.contains { $0.kind == .zduFinalize }
        let live: LiveState
        do {
            live = try await LiveState.fetch(client, topology: topology)
        } catch {
            return ["no node answered (\(error.description))"]
        }
        let problems = HealthCheck.upgradedProblems(topology: topology, live: live, finalized: finalized)
        guard !problems.isEmpty else { return [] }
        let restarted = await runner.restartCrashed(found: live, by: ProcessRestart.finalCheck) { live in
            HealthCheck.upgradedProblems(topology: topology, live: live, finalized: finalized)
        }
        for restart in restarted.restarts {
            try record(journal, restart.record)
            await emit(.processRestarted(restart))
        }
        return restarted.problems ?? problems
    }
}
