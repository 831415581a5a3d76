import NodeContract
import UpgradePlan

/// Whether the agent data a node reports covers what the topology declares: every (NetArea, via) pair with agents
/// must appear in `GET /v1/system`'s `netAreas`. A pair that is absent is unknown, never "zero agents": an agent
/// wait or a start check on it fails closed (docs/node.md, Agent data). Pure.
public enum AgentData {
    /// The declared (NetArea, via) pairs with agents that the system's `netAreas` does not list, sorted.
    public static func missingPairs(topology: Topology, system: SystemState) -> [(netArea: String, via: String)] {
        var reported: Set<String> = []
        for area in system.netAreas { reported.insert("\(area.name)\u{0}\(area.via.rawValue)") }
        var declared: [String: (netArea: String, via: String)] = [:]
        for group in topology.agents where group.count > 0 {
            declared["\(group.netArea)\u{0}\(group.connectsTo.rawValue)"] = (group.netArea, group.connectsTo.rawValue)
        }
        return declared.filter { !reported.contains($0.key) }.values
            .sorted { ($0.netArea, $0.via) < ($1.netArea, $1.via) }
    }

    /// Why the agent data cannot be trusted for `what`, naming the node that reported it and the node.yaml setting
    /// to fix; nil when every declared pair is reported.
    public static func problem(topology: Topology, live: LiveState, what: String) -> String? {
        let missing = missingPairs(topology: topology, system: live.system)
        guard !missing.isEmpty else { return nil }
        let node = live.systemNode.map { "node \($0)" } ?? "the node that answered"
        let pairs = missing.map { "\($0.netArea) via \($0.via) (\(topology.agentCount(in: $0.netArea)) agents "
            + "declared)" }
        let what = "\(what) cannot see where these agents are"
        if live.system.netAreas.isEmpty {
            return "GET /v1/system from \(node) reports no agent data (netAreas is empty; the topology declares "
                + "\(listed(pairs))), so \(what): configure commands.agentCounts in \(node)'s node.yaml "
                + "(docs/node.md); aeupgrade never passes what it cannot see"
        }
        return "GET /v1/system from \(node) reports no agents for \(listed(pairs)), so \(what): "
            + "commands.agentCounts in \(node)'s node.yaml must print an entry for every (NetArea, via) pair the "
            + "topology declares, zero counts included (docs/node.md); aeupgrade never passes what it cannot see"
    }

    /// At most ten items, then how many more.
    private static func listed(_ items: [String]) -> String {
        items.count <= 10 ? items.joined(separator: ", ")
            : items.prefix(10).joined(separator: ", ") + " and \(items.count - 10) more"
    }
}
