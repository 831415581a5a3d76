import NodeContract
import UpgradePlan

extension HealthCheck {
    /// Processes that crashed, for each node of the topology: every step starts or stops a node's processes of one
    /// set (base or target) and one role (CPs/JCPs, or WPs/JWPs/REST) together, so a role with processes running
    /// and others stopped (none draining) lost the stopped ones. One line per node, naming the processes.
    public static func crashedProcesses(topology: Topology, live: LiveState) -> [String] {
        let crashed = crashed(topology: topology, live: live)
        return topology.nodes.map(\.name).compactMap { name in
            let ids = crashed.filter { $0.node == name }.map(\.id)
            guard !ids.isEmpty else { return nil }
            return CrashedProcess.line(node: name, ids: ids)
        }
    }

    /// The crashed processes of `crashedProcesses`, one value each, in topology order then by id.
    public static func crashed(topology: Topology, live: LiveState) -> [CrashedProcess] {
        var found: [CrashedProcess] = []
        for node in topology.nodes {
            guard let state = live.nodes[node.name] else { continue }
            var stopped: [CrashedProcess] = []
            for (processes, target) in [(state.baseProcesses, false), (state.targetProcesses, true)] {
                for agentRole in [true, false] {
                    let role = processes.filter { $0.kind.servesAgents == agentRole }
                    let running = role.filter { $0.state == .running }
                    guard !running.isEmpty, !role.contains(where: { $0.state == .draining }) else { continue }
                    stopped += role.filter { $0.state == .stopped }.map {
                        CrashedProcess(node: node.name, id: $0.id, kind: $0.kind, target: target)
                    }
                }
            }
            found += stopped.sorted { $0.id < $1.id }
        }
        return found
    }

    /// What is wrong with a farm the upgrade says is done (checked before "done" is printed): ZDU finalized, every
    /// node runs every target process the topology declares (each named when it does not), the PWP on a target
    /// WP, and the farm healthy.
    public static func upgradedProblems(topology: Topology, live: LiveState, finalized: Bool = true) -> [String] {
        var problems: [String] = []
        let version = topology.versions.target
        if finalized, live.system.zdu.phase != .finalized {
            problems.append("ZDU is \(live.system.zdu.phase.rawValue), not finalized")
        }
        for node in topology.nodes {
            guard let state = live.nodes[node.name] else { continue }
            let notRunning = state.targetProcesses.filter { $0.state != .running || $0.version != version }
            if !notRunning.isEmpty {
                let listed = notRunning.map { "\($0.id) \($0.state.rawValue)" }.joined(separator: ", ")
                problems.append("\(node.name): target \(listed)")
            }
            for kind in ProcessKind.allCases {
                let declared = declaredCount(kind, of: node)
                let present = state.targetProcesses.filter { $0.kind == kind && $0.state == .running }.count
                if present < declared, state.targetProcesses.filter({ $0.kind == kind }).count < declared {
                    problems.append("\(node.name): \(present) of \(declared) target \(kind.rawValue) run")
                }
            }
        }
        if let pwp = live.system.pwp, !Postcondition.pwpOnTarget(pwp, live: live) {
            problems.append("the PWP \(pwp.process) runs on a base WP")
        }
        return problems + Self.problems(topology: topology, live: live).filter { !problems.contains($0) }
    }

    /// What is wrong after a fallback that says it finished: every rollback step's postcondition on a fresh read
    /// (no target process runs where the fallback stopped them, the wizard's rollback observed); a step's node
    /// that does not answer is named too (its postcondition cannot be seen).
    public static func rolledBackProblems(
        topology: Topology, steps: [Step], live: LiveState
    ) -> [String] {
        var problems: [String] = []
        for step in steps {
            if let name = step.nodes.first(where: { live.nodes[$0] == nil }) {
                problems.append("\(step.id): node \(name) unreachable (\(live.unreachable[name] ?? "no answer"))")
            } else if !Postcondition.holds(
                step.kind, nodes: step.nodes, version: topology.versions.target, live: live)
            {
                problems.append("\(step.id) does not hold [\(live.summary(nodes: step.nodes))]")
            }
        }
        return problems
    }

    /// How many processes of a kind the topology declares on a node.
    static func declaredCount(_ kind: ProcessKind, of node: Node) -> Int {
        switch kind {
        case .wp: node.wps
        case .cp: node.cps
        case .jwp: node.jwps
        case .jcp: node.jcps
        case .rest: node.rest
        }
    }
}
