import NodeContract
import UpgradePlan

extension StepRunner {
    /// The node that performs a wizard step with the site's own command: the first node in topology order whose
    /// `GET /v1/node` lists the step in `wizardSteps` (node.yaml `wizard:`); nil when none does, and the operator
    /// performs it in the AWI.
    public static func scriptingNode(for kind: StepKind, topology: Topology, live: LiveState) -> String? {
        guard let name = WizardStepName(stepKind: kind.rawValue) else { return nil }
        return topology.nodes.first { live.nodes[$0.name]?.wizardSteps.contains(name.rawValue) == true }?.name
    }

    /// A wizard step a node performs with the site's command: `POST /v1/wizard/{step}` on that node under the
    /// step's Idempotency-Key (a resumed run gets the same operation, never a second run of the command), waits
    /// for the operation, then observes the step's result on the farm until the step's deadline, as for a step the
    /// operator performs: the command succeeding proves nothing. A failed operation, a refused POST, or a result not
    /// observed fails the step without retry (a wizard step is not run twice on a guess).
    func performScripted(_ step: Step, on node: String) async -> Outcome {
        guard let name = WizardStepName(stepKind: step.kind.rawValue) else {
            return scriptFailed(step, "\(step.kind.rawValue) is not a wizard step", "")
        }
        let deadline = clock.now.advanced(by: stepTimeout)
        let by = "\(node)'s wizard command (node.yaml wizard.\(name.rawValue))"
        var operation: NodeContract.Operation
        do throws(NodeError) {
            operation = try await client.post(
                node, path: ContractPath.wizard(name), body: OperationRequest(version: version),
                idempotencyKey: key(step))
            await notify?(.wizardStepScripted(step: step.id, node: node, operation: operation.id))
            while operation.state == .running {
                if clock.now >= deadline {
                    return scriptFailed(step, "\(by): operation \(operation.id) still running at the step's "
                        + "deadline (\(stepTimeout))", "")
                }
                if Task.isCancelled { return scriptFailed(step, "cancelled while \(by) ran", "") }
                try? await clock.sleep(for: pause(before: operation, deadline: deadline))
                operation = try await client.operation(node, id: operation.id)
            }
        } catch {
            return scriptFailed(step, "\(by): \(error.description)", "")
        }
        if operation.state == .failed {
            return scriptFailed(step, "\(by): operation \(operation.id) failed: \(operation.reason ?? "no reason")", "")
        }
        var observed = ""
        while true {
            do throws(NodeError) {
                let live = try await LiveState.fetch(client, topology: topology)
                observed = live.summary(nodes: [])
                if Postcondition.holds(step.kind, nodes: [], version: version, live: live) {
                    return Outcome(event: .stepSucceeded(step.id), observed: "performed by \(by), operation "
                        + "\(operation.id); \(observed)", alreadyHeld: false)
                }
            } catch {
                observed = error.description
            }
            if clock.now >= deadline {
                return scriptFailed(step, "\(by) succeeded (operation \(operation.id)), but the step's result was "
                    + "not observed on the farm within \(stepTimeout)", observed)
            }
            if Task.isCancelled { return scriptFailed(step, "cancelled", observed) }
            try? await clock.sleep(for: pollInterval)
        }
    }

    private func scriptFailed(_ step: Step, _ reason: String, _ observed: String) -> Outcome {
        Outcome(event: .stepFailed(step.id, reason: reason, retryable: false), observed: observed, alreadyHeld: false)
    }
}
