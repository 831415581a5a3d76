import UpgradePlan

/// What resume and rollback do before they decide anything, and the checks on live state before a run prints an
/// outcome: aeupgrade never claims what it did not observe.
extension UpgradeRun {
    /// How a run retries a failed step or check: backing off with jitter until at least AE's longest gap in
    /// policy.durations has passed (a PWP takeover, agents reconnecting), never less than `floor` between attempts.
    public static func retryBackoff(_ policy: Policy, floor: Duration) -> Backoff {
        let gap = max(policy.durations.pwpTakeover, policy.durations.agentsReconnect)
        return .spanning(gap: .seconds(gap), maxAttempts: policy.retries, floor: floor)
    }

    /// Waits for the plan's operations still running on the nodes (a killed run's) before `purpose` decides
    /// anything, at most a step's deadline (policy.stepTimeoutSeconds, scaled). Nil when none runs (any that
    /// ended meanwhile are reported as warnings), else why the run cannot decide now.
    func settleInFlight(before purpose: String) async -> String? {
        let watcher = InFlightOperations(
            client: client, clock: clock, pollInterval: options.pollInterval, timeScale: options.timeScale)
        let deadline = clock.now.advanced(by: runner(generation: 1).stepTimeout)
        let outcome: InFlightOperations<C>.Outcome
        do {
            outcome = try await watcher.awaitQuiet(
                nodes: plan.topology.nodes.map(\.name), keyPrefix: IdempotencyKey.planPrefix(planHash),
                deadline: deadline)
        } catch {
            return nil  // not strict: a node that cannot be asked is skipped, and nothing is decided about it
        }
        for ended in outcome.waitedFor {
            await emit(.warning("waited for \(ended) to end before \(purpose)"))
        }
        guard !outcome.running.isEmpty else { return nil }
        return "operations of this plan still run at the deadline: "
            + outcome.running.map(\.description).joined(separator: "; ")
            + "; \(purpose) decides nothing while they run: run the command again once they end"
    }

    /// With no run in the journal (empty or missing): what the farm shows that its initial state does not. Empty
    /// when the farm is as the plan starts from, so "nothing to do" is true.
    func differencesWithoutJournal() async -> [String] {
        do {
            let live = try await LiveState.fetch(client, topology: plan.topology)
            return DriftCheck.startDifferences(plan, live: live)
        } catch {
            return ["no node answered (\(error.description)): the farm's state cannot be seen"]
        }
    }

    /// What live state shows against a finished upgrade (empty: it holds), checked before "done" is printed.
    func upgradeProblems() async -> [String] {
        do {
            let live = try await LiveState.fetch(client, topology: plan.topology)
            let finalized = plan.steps.contains { $0.kind == .zduFinalize }
            return HealthCheck.upgradedProblems(topology: plan.topology, live: live, finalized: finalized)
        } catch {
            return ["no node answered (\(error.description))"]
        }
    }

    /// What live state shows against finished rollback steps (empty: every one holds on a fresh read).
    func rollbackProblems(_ steps: [Step]) async -> [String] {
        guard !steps.isEmpty else { return [] }
        do {
            let live = try await LiveState.fetch(client, topology: plan.topology)
            return HealthCheck.rolledBackProblems(topology: plan.topology, steps: steps, live: live)
        } catch {
            return ["no node answered (\(error.description))"]
        }
    }
}
