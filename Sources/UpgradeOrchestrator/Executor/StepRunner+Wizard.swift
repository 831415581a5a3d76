import UpgradePlan

extension StepRunner {
    /// A wizard step the site has scripted (`--wizard-command <kind>=<command>`): runs the command on this host
    /// (`/bin/sh -c`, STEP_ID, STEP_KIND, SYSTEM, BASE_VERSION, TARGET_VERSION in its environment, never the token),
    /// then observes the step's result on the farm until the step's deadline, as for a step the operator performs:
    /// the command exiting 0 proves nothing. A failing command, or a result not observed, fails the step without
    /// retry (a wizard step is not run twice on a guess).
    func performScripted(_ step: Step, command: String) async -> Outcome {
        let deadline = clock.now.advanced(by: stepTimeout)
        let variables = [
            "STEP_ID": step.id, "STEP_KIND": step.kind.rawValue, "SYSTEM": topology.system,
            "BASE_VERSION": topology.versions.base, "TARGET_VERSION": version,
        ]
        if let failure = await ShellCommand.run(
            command, label: "wizard command for \(step.kind.rawValue)", variables: variables, timeout: stepTimeout)
        {
            return scriptFailed(step, failure, "")
        }
        var observed = ""
        while true {
            do throws(NodeError) {
                let live = try await LiveState.fetch(client, topology: topology)
                observed = live.summary(nodes: [])
                if Postcondition.holds(step.kind, nodes: [], version: version, live: live) {
                    return Outcome(event: .stepSucceeded(step.id), observed: observed, alreadyHeld: false)
                }
            } catch {
                observed = error.description
            }
            if clock.now >= deadline {
                return scriptFailed(step, "the wizard command for \(step.kind.rawValue) (\(command)) exited 0, but its "
                    + "result was not observed on the farm within \(stepTimeout)", observed)
            }
            if Task.isCancelled { return scriptFailed(step, "cancelled", observed) }
            try? await clock.sleep(for: pollInterval)
        }
    }

    private func scriptFailed(_ step: Step, _ reason: String, _ observed: String) -> Outcome {
        Outcome(event: .stepFailed(step.id, reason: reason, retryable: false), observed: observed, alreadyHeld: false)
    }
}
