/// The human summary of the availability report, printed when `aeupgrade-sim` exits.
extension AvailabilityReport {
    /// A few lines an operator reads after a night's window.
    public var summary: String {
        func seconds(_ value: Double) -> String { String(Int(value.rounded())) + "s" }
        var lines = [
            "availability report for \(system) after \(seconds(simulatedSeconds)) simulated",
            "  jobs: \(jobs.submitted) submitted, \(jobs.completed) completed, \(jobs.delayed) delayed "
                + "(longest \(seconds(jobs.longestDelaySeconds))), \(jobs.lost) lost, \(jobs.waiting) waiting, "
                + "\(jobs.running) running",
            "  no PWP: \(seconds(secondsWithoutPWP)) (\(takeovers) takeovers); some NetArea without a reachable "
                + "serving CP/JCP: \(seconds(secondsAnyNetAreaWithoutCP))",
        ]
        for area in netAreas {
            let kinds = area.kinds.map { "\($0.via.rawValue) \($0.agents) (\($0.home) home, \($0.disconnected) "
                + "disconnected, \(seconds($0.secondsWithoutServing)) unserved)" }
            lines.append("  \(area.name): " + kinds.joined(separator: "; "))
        }
        let zduText = zdu.phase.rawValue + (autoFinalized ? " (finalized by itself)" : "")
            + (zdu.rolledBack == true ? " (rolled back)" : "")
        lines.append("  ZDU: \(zduText), base \(zdu.base), target \(zdu.target ?? "-"); PWP: \(pwp ?? "none")")
        let shown = nodes.prefix(20)
        for node in shown {
            lines.append("  \(node.name) (\(node.datacenter)): base \(node.installedVersion) "
                + "\(node.baseRunning)/\(node.processes)\(node.draining ? " draining" : ""), target "
                + "\(node.stagedVersion ?? "-") \(node.targetRunning)/\(node.processes)"
                + (node.endpointUp ? "" : ", endpoint DOWN"))
        }
        if nodes.count > shown.count { lines.append("  … and \(nodes.count - shown.count) more nodes") }
        lines.append("  effects: \(effects.applied) applied, \(effects.duplicates) duplicate")
        return lines.joined(separator: "\n")
    }
}
