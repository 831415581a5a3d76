/// Generates the YAML of a large farm on 24.4.1 -> 24.4.4: `datacenters` DCs, `nodes` nodes spread evenly (WPs, CPs,
/// a JWP, a JCP and a REST process each), one NetArea per DC falling back to the next DC's through a load balancer,
/// JCP and CP agents in every NetArea, the PWP on the first node. Endpoints are loopback addresses, one port per
/// node (127.0.0.1 for the first 50,000 nodes, then 127.0.1.1, ...), so every farm size has distinct endpoints.
enum FarmGenerator {
    /// The topology file text.
    static func yaml(nodes: Int, datacenters: Int, maxNodesDownPerDC: Int) -> String {
        let dcs = (1...datacenters).map { "DC\($0)" }
        var lines = [
            "system: BENCH",
            "versions: {base: \"24.4.1\", target: \"24.4.4\"}",
            "datacenters: [\(dcs.joined(separator: ", "))]",
            "netAreas:",
        ]
        for (index, dc) in dcs.enumerated() {
            let fallback = datacenters > 1
                ? ", fallback: {netAreas: [NA_\(dcs[(index + 1) % datacenters])], mechanism: loadBalancer}" : ""
            lines.append("  - {name: NA_\(dc), datacenter: \(dc)\(fallback)}")
        }
        lines.append("nodes:")
        for node in 0..<nodes {
            let dc = dcs[node % datacenters]
            let pwp = node == 0 ? ", pwp: true" : ""
            lines.append("  - {name: AE_\(node), datacenter: \(dc), endpoint: \"http://127.0.\(node / 50000).1:\(10000 + node % 50000)\", "
                + "wps: 4, cps: 2, jwps: 1, jcps: 1, rest: 1, netArea: NA_\(dc)\(pwp)}")
        }
        lines.append("agents:")
        for dc in dcs {
            lines.append("  - {netArea: NA_\(dc), count: \(max(10, nodes * 4 / datacenters)), connectsTo: JCP}")
            lines.append("  - {netArea: NA_\(dc), count: \(max(5, nodes / datacenters)), connectsTo: CP}")
        }
        lines += [
            "policy:",
            "  minActiveCPs: 1",
            "  minRunningWPs: 2",
            "  maxNodesDownPerDC: \(maxNodesDownPerDC)",
            "  gateBetweenDCs: {soak: 10m}",
            "  onFailure: rollback",
            "  durations: {binariesStage: 5m, processesStart: 2m, agentsReconnect: 30s, dbLoad: 20m, wizardStep: 2m}",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
