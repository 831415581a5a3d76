/// Evaluates invariants 1-8 on a whole-farm state and describes the state in words.
struct InvariantCheck {
    let farm: Farm

    /// The invariants `state` breaks, in invariant order, each with what exactly breaks.
    func violations(_ state: FarmState) -> [(Invariant, String)] {
        let policy = farm.policy
        var found: [(Invariant, String)] = []
        var activeByArea = [Int](repeating: 0, count: farm.netAreaNames.count)
        var active = 0
        var wps = 0
        var base = 0
        var downByDC = [Int](repeating: 0, count: farm.datacenterNames.count)
        var mismatched: [String] = []
        var target: [String] = []
        var runningBase: [String] = []
        for node in 0..<farm.count {
            let bits = state.nodes[node]
            let running = bits & NodeBits.running != 0
            let runningTarget = bits & NodeBits.runningTarget != 0
            let installed = bits & NodeBits.installedTarget != 0
            if running && bits & NodeBits.standby == 0 {
                activeByArea[farm.netArea[node]] += farm.cps[node]
                active += farm.cps[node]
            }
            if running { wps += farm.wps[node] }
            if running && !runningTarget { base += farm.wps[node] + farm.cps[node] }
            if bits & NodeBits.standby != 0 { downByDC[farm.datacenter[node]] += 1 }
            if running && runningTarget != installed { mismatched.append(farm.names[node]) }
            if installed || (running && runningTarget) { target.append(farm.names[node]) }
            if running && !runningTarget { runningBase.append(farm.names[node]) }
        }
        for entry in farm.agentAreas where entry.reach.reduce(0, { $0 + activeByArea[$1] }) <= 0 {
            let name = farm.netAreaNames[entry.area]
            let fallback = entry.reach.dropFirst().map { farm.netAreaNames[$0] }
            found.append((.netAreaReachable,
                "NetArea \(name) (\(entry.agents) agents) has no active CP of its own"
                    + (fallback.isEmpty ? " and no fallback" : " nor in its fallback \(fallback.joined(separator: ", "))")))
        }
        if active < policy.minActiveCPs {
            found.append((.minActiveCPs, "\(active) CPs active, policy.minActiveCPs is \(policy.minActiveCPs)"))
        }
        if state.pwp < 0 || Int(state.pwp) >= farm.count {
            found.append((.primaryWorkProcess, "no node holds the PWP"))
        } else {
            let node = Int(state.pwp)
            if state.nodes[node] & NodeBits.running == 0 {
                found.append((.primaryWorkProcess, "the PWP sits on \(farm.names[node]) whose WPs are stopped or draining"))
            } else if farm.wps[node] == 0 {
                found.append((.primaryWorkProcess, "the PWP sits on \(farm.names[node]) which has no WPs"))
            }
        }
        if wps < policy.minRunningWPs {
            found.append((.minRunningWPs, "\(wps) WPs running, policy.minRunningWPs is \(policy.minRunningWPs)"))
        }
        if !mismatched.isEmpty {
            found.append((.binariesWhileStopped,
                "binaries of \(mismatched.joined(separator: ", ")) changed while its processes ran"))
        }
        if state.phase == .off && !target.isEmpty {
            found.append((.mixedVersionsInZDU,
                "\(target.joined(separator: ", ")) has \(farm.topology.versions.target) outside ZDU compatibility mode"))
        } else if state.phase == .finalized && !runningBase.isEmpty {
            found.append((.mixedVersionsInZDU,
                "\(runningBase.joined(separator: ", ")) runs \(farm.topology.versions.base) after zdu.finalize"))
        }
        if state.phase != .finalized && base == 0 {
            found.append((.baseProcessRuns, "no base process runs before zdu.finalize (ZDU would finalize by itself)"))
        }
        for (dc, down) in downByDC.enumerated() where down > policy.maxNodesDownPerDC {
            let names = (0..<farm.count).filter {
                farm.datacenter[$0] == dc && state.nodes[$0] & NodeBits.standby != 0
            }.map { farm.names[$0] }
            found.append((.maxNodesDownPerDC,
                "\(down) nodes of \(farm.datacenterNames[dc]) out of service (\(names.joined(separator: ", "))), "
                    + "policy.maxNodesDownPerDC is \(policy.maxNodesDownPerDC)"))
        }
        return found
    }

    /// The state in words: CPs in standby and stopped nodes, the PWP, agents per NetArea, versions, ZDU phase.
    func describe(_ state: FarmState) -> String {
        var standby: [String] = []
        var stopped: [String] = []
        var target: [String] = []
        var activeByArea = [Int](repeating: 0, count: farm.netAreaNames.count)
        for node in 0..<farm.count {
            let bits = state.nodes[node]
            if bits & NodeBits.standby != 0 { standby.append(farm.names[node]) }
            if bits & NodeBits.running == 0 { stopped.append(farm.names[node]) }
            if bits & NodeBits.runningTarget != 0 { target.append(farm.names[node]) }
            if bits & NodeBits.running != 0 && bits & NodeBits.standby == 0 {
                activeByArea[farm.netArea[node]] += farm.cps[node]
            }
        }
        func list(_ names: [String]) -> String { names.isEmpty ? "none" : names.joined(separator: ", ") }
        let agents = farm.agentAreas.map { entry in
            let using = entry.reach.filter { activeByArea[$0] > 0 }.map { farm.netAreaNames[$0] }
            return "\(farm.netAreaNames[entry.area]) \(entry.agents) agents -> "
                + (using.isEmpty ? "no active CP" : "active CPs in \(using.joined(separator: "/"))")
        }
        let pwp = state.pwp >= 0 && Int(state.pwp) < farm.count ? farm.names[Int(state.pwp)] : "nowhere"
        return "CPs standby: \(list(standby)); stopped nodes: \(list(stopped)); PWP on \(pwp); "
            + "agents: \(agents.joined(separator: ", ")); running \(farm.topology.versions.target): \(list(target)); "
            + "ZDU \(state.phase)"
    }
}
