/// Generates the YAML of a large farm: `datacenters` DCs, `nodes` nodes spread evenly, one NetArea per DC falling
/// back to the next DC's, agents in every NetArea, the PWP on the first node.
enum FarmGenerator {
    /// The topology file text.
    static func yaml(nodes: Int, datacenters: Int, maxNodesDownPerDC: Int) -> String {
        let dcs = (1...datacenters).map { "DC\($0)" }
        var lines = [
            "system: BENCH",
            "versions: {base: \"21.0.5\", target: \"24.4.1\"}",
            "datacenters: [\(dcs.joined(separator: ", "))]",
            "netAreas:",
        ]
        for (index, dc) in dcs.enumerated() {
            let fallback = datacenters > 1 ? "NA_\(dcs[(index + 1) % datacenters])" : ""
            lines.append("  - {name: NA_\(dc), datacenter: \(dc), fallback: [\(fallback)]}")
        }
        lines.append("nodes:")
        for node in 0..<nodes {
            let dc = dcs[node % datacenters]
            let pwp = node == 0 ? ", pwp: true" : ""
            lines.append("  - {name: AE_\(node), datacenter: \(dc), endpoint: \"http://127.0.0.1:\(10000 + node % 50000)\", "
                + "wps: 4, cps: 2, netArea: NA_\(dc)\(pwp)}")
        }
        lines.append("agents:")
        for dc in dcs { lines.append("  - {netArea: NA_\(dc), count: \(max(10, nodes * 5 / datacenters))}") }
        lines += [
            "policy:",
            "  minActiveCPs: 1",
            "  minRunningWPs: 2",
            "  maxNodesDownPerDC: \(maxNodesDownPerDC)",
            "  gateBetweenDCs: {soak: 10m}",
            "  autoFinalize: false",
            "  onFailure: rollback",
            "  durations: {binariesInstall: 5m, processesStart: 2m, agentsReconnect: 30s}",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
