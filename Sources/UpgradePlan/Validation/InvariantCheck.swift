/// Evaluates the invariants on a whole-farm state (through `InvariantRules`) and describes the state in words.
struct InvariantCheck {
    let farm: Farm
    let rules: [InvariantRules.Rule]

    init(farm: Farm) {
        self.farm = farm
        rules = InvariantRules.rules(farm)
    }

    /// The tally of a whole-farm state.
    func tally(_ state: FarmState) -> Tally {
        var tally = Tally(farm)
        for node in 0..<farm.count { tally.add(farm, node: node, bits: state.nodes[node]) }
        return tally
    }

    /// The invariants `state` breaks, in invariant order, each with what exactly breaks.
    func violations(_ state: FarmState) -> [(Invariant, String)] {
        let tally = tally(state)
        var found: [(Invariant, String)] = []
        for rule in rules {
            let value = rule.value(tally, state.phase)
            if rule.broken(value, state.phase) { found.append((rule.invariant, rule.detail(value, state.phase))) }
        }
        if let problem = InvariantRules.pwpProblem(farm, pwp: state.pwp, phase: state.phase, bits: { state.nodes[$0] }) {
            found.append((.primaryWorkProcess, problem))
        }
        return found.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
    }

    /// The state in words: what runs where, the PWP, agents per NetArea, ZDU phase.
    func describe(_ state: FarmState) -> String {
        var drained: [String] = []
        var stopped: [String] = []
        var target: [String] = []
        for node in 0..<farm.count {
            let bits = state.nodes[node]
            if bits & NodeBits.baseCPs == 0 { drained.append(farm.names[node]) }
            if bits & NodeBits.baseWPs == 0 { stopped.append(farm.names[node]) }
            if bits & NodeBits.target != 0 { target.append(farm.names[node]) }
        }
        let tally = tally(state)
        func list(_ names: [String]) -> String { names.isEmpty ? "none" : MessageCap.list(names) }
        let agents = farm.agentEntries.map { entry in
            let using = entry.reach.filter {
                InvariantRules.serving(tally, kind: entry.kind, area: $0, phase: state.phase) > 0
            }.map { farm.netAreaNames[$0] }
            let kind = Farm.kindName(entry.kind)
            return "\(farm.netAreaNames[entry.area]) \(entry.agents) \(kind) agents -> "
                + (using.isEmpty ? "no serving \(kind)" : "serving \(kind)s in \(using.joined(separator: "/"))")
        }
        let pwp = state.pwp >= 0 && Int(state.pwp) < farm.count ? farm.names[Int(state.pwp)] : "nowhere"
        let versions = farm.topology.versions
        return "base CPs/JCPs stopped: \(list(drained)); base WPs stopped: \(list(stopped)); "
            + "\(versions.target) running: \(list(target)); PWP on \(pwp); agents: \(agents.joined(separator: ", ")); "
            + "ZDU \(state.phase)"
    }
}
