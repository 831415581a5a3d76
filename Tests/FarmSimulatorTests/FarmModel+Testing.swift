import FarmSimulator
import NodeContract
import Testing

/// Test helpers on the model: run commands and wizard steps, read processes and agents.
extension FarmModel {
    /// Submits a command and returns the operation, or nil when refused.
    @discardableResult
    mutating func run(_ command: Command, on node: String, key: String) -> Operation? {
        if case .accepted(let operation, _) = submit(command, on: node, key: key) { return operation }
        return nil
    }

    /// The problem a command is refused with, or nil when accepted.
    mutating func refusal(_ command: Command, on node: String, key: String) -> Problem? {
        if case .rejected(let problem) = submit(command, on: node, key: key) { return problem }
        return nil
    }

    /// Performs a wizard step that must succeed (records an issue otherwise).
    mutating func wizard(_ step: WizardStep, sourceLocation: SourceLocation = #_sourceLocation) {
        if case .failure(let problem) = perform(step) {
            Issue.record("\(step.path) refused: \(problem.detail ?? problem.title)", sourceLocation: sourceLocation)
        }
    }

    /// The problem a wizard step is refused with, or nil when it succeeded.
    mutating func wizardRefusal(_ step: WizardStep) -> Problem? {
        if case .failure(let problem) = perform(step) { return problem }
        return nil
    }

    /// Stops a node's base processes the way the plan does: cps/stop, agents reconnect, wps/stop with drain.
    mutating func stopBase(_ node: String) {
        run(.cpsStop, on: node, key: "cps-\(node)")
        advance(by: 10 + 31)
        run(.wpsStop(drain: true), on: node, key: "wps-\(node)")
        advance(by: 60)
    }

    /// Starts a node's target processes and waits for them.
    mutating func startTarget(_ node: String, version: String = Fixtures.target) {
        run(.targetStart(version: version), on: node, key: "target-\(node)")
        advance(by: 121)
    }

    /// A process of a node by id.
    func process(_ id: String) -> ProcessState? {
        let node = String(id.prefix { $0 != "/" })
        return nodeState(node)?.processes.first { $0.id == id }
    }

    /// The agents of a NetArea connecting to `via`.
    func area(_ name: String, _ via: ProcessKind) -> NetAreaAgents {
        systemState().netAreas.first { $0.name == name && $0.via == via }!
    }

    /// Agents of a NetArea (of one kind) connected to processes whose id starts with `prefix`.
    func agents(of netArea: String, _ via: ProcessKind, on prefix: String) -> Int {
        area(netArea, via).connected.filter { $0.key.hasPrefix(prefix) }.values.reduce(0, +)
    }

    /// Agents of a NetArea (of one kind) connected to target processes (ids with `@`).
    func agentsOnTarget(_ netArea: String, _ via: ProcessKind) -> Int {
        area(netArea, via).connected.filter { $0.key.contains("@") }.values.reduce(0, +)
    }
}
