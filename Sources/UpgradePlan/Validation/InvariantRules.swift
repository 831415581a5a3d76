/// Each invariant written once, as a value of a tally under a ZDU phase and the test that breaks it. The
/// exhaustive checker and the fast checker both evaluate these.
enum InvariantRules {
    /// One counted rule: the invariant, whether smaller values are worse, the value and the breaking test.
    struct Rule {
        let invariant: Invariant
        /// Whether the rule is broken by small values (true) or large ones (false).
        let minimize: Bool
        let value: (Tally, ZDUPhase) -> Int
        let broken: (Int, ZDUPhase) -> Bool
        /// What breaks, for the report.
        let detail: (Int, ZDUPhase) -> String
        /// NetAreas (agent rules) or datacenters (per-DC rules) the rule depends on; nil when it depends on all.
        let areas: [Int]?
        let datacenter: Int?
    }

    /// Serving processes of `kind` in `area` under `phase`: base before the switch, base and target between
    /// switch and finalize (base as a last resort), target after finalize.
    static func serving(_ tally: Tally, kind: Int, area: Int, phase: ZDUPhase) -> Int {
        switch phase {
        case .off, .compatibility: tally.base(kind, area)
        case .switched: tally.base(kind, area) + tally.target(kind, area)
        case .finalized: tally.target(kind, area)
        }
    }

    /// Serving CPs and WPs under `phase`.
    static func servingCPs(_ tally: Tally, _ phase: ZDUPhase) -> Int {
        switch phase {
        case .off, .compatibility: tally.baseCPs
        case .switched: tally.baseCPs + tally.targetCPs
        case .finalized: tally.targetCPs
        }
    }

    static func servingWPs(_ tally: Tally, _ phase: ZDUPhase) -> Int {
        switch phase {
        case .off, .compatibility: tally.baseWPs
        case .switched: tally.baseWPs + tally.targetWPs
        case .finalized: tally.targetWPs
        }
    }

    /// The counted rules of `farm`, each written once.
    static func rules(_ farm: Farm) -> [Rule] {
        let policy = farm.policy
        var rules: [Rule] = []
        for entry in farm.agentEntries {
            let name = farm.netAreaNames[entry.area]
            let kind = Farm.kindName(entry.kind)
            let fallback = entry.reach.dropFirst().map { farm.netAreaNames[$0] }
            let whereText = fallback.isEmpty ? " and it declares no fallback" : " nor in its fallback \(MessageCap.list(fallback))"
            rules.append(Rule(
                invariant: .netAreaServed, minimize: true,
                value: { tally, phase in entry.reach.reduce(0) { $0 + serving(tally, kind: entry.kind, area: $1, phase: phase) } },
                broken: { value, _ in value <= 0 },
                detail: { _, phase in
                    "the \(entry.agents) \(kind) agents of \(name) have no serving \(kind) in \(name)\(whereText) "
                        + "(\(phase < .switched ? "only base processes serve before the switch" : phase == .switched ? "target or base processes serve" : "only target processes serve after finalize"))"
                },
                areas: entry.reach, datacenter: nil))
            rules.append(Rule(
                invariant: .rollbackReserve, minimize: true,
                value: { tally, _ in entry.reach.reduce(0) { $0 + tally.base(entry.kind, $1) } },
                broken: { value, phase in phase == .switched && value <= 0 },
                detail: { _, _ in
                    "a rollback now would leave the \(entry.agents) \(kind) agents of \(name) without a base \(kind) "
                        + "in \(name)\(whereText)"
                },
                areas: entry.reach, datacenter: nil))
        }
        rules.append(Rule(
            invariant: .minCapacity, minimize: true, value: { servingCPs($0, $1) },
            broken: { value, _ in value < policy.minActiveCPs },
            detail: { value, _ in "\(value) CPs serve, policy.minActiveCPs is \(policy.minActiveCPs)" },
            areas: nil, datacenter: nil))
        rules.append(Rule(
            invariant: .minCapacity, minimize: true, value: { servingWPs($0, $1) },
            broken: { value, _ in value < policy.minRunningWPs },
            detail: { value, _ in "\(value) WPs serve, policy.minRunningWPs is \(policy.minRunningWPs)" },
            areas: nil, datacenter: nil))
        rules.append(Rule(
            invariant: .rollbackReserve, minimize: true, value: { tally, _ in tally.baseNodes },
            broken: { value, phase in (phase == .compatibility || phase == .switched) && value <= 0 },
            detail: { _, _ in "no base process runs before zdu.finalize: ZDU would finalize by itself (AE-ZDU-6)" },
            areas: nil, datacenter: nil))
        rules.append(Rule(
            invariant: .rollbackReserve, minimize: true, value: { tally, _ in tally.baseCPs },
            broken: { value, phase in phase == .switched && value < policy.minActiveCPs },
            detail: { value, _ in "a rollback now would leave \(value) base CPs, policy.minActiveCPs is \(policy.minActiveCPs)" },
            areas: nil, datacenter: nil))
        rules.append(Rule(
            invariant: .rollbackReserve, minimize: true, value: { tally, _ in tally.baseWPs },
            broken: { value, phase in phase == .switched && value < policy.minRunningWPs },
            detail: { value, _ in "a rollback now would leave \(value) base WPs, policy.minRunningWPs is \(policy.minRunningWPs)" },
            areas: nil, datacenter: nil))
        rules.append(Rule(
            invariant: .rollbackReserve, minimize: true, value: { tally, _ in tally.baseWPNodes },
            broken: { value, phase in phase == .switched && value <= 0 },
            detail: { _, _ in "a rollback now would find no running base WP to take the PWP back" },
            areas: nil, datacenter: nil))
        for dc in farm.datacenterNames.indices {
            let name = farm.datacenterNames[dc]
            rules.append(Rule(
                invariant: .maxNodesDownPerDC, minimize: false, value: { tally, _ in tally.mid(dc) },
                broken: { value, _ in value > policy.maxNodesDownPerDC },
                detail: { value, _ in
                    "\(value) nodes of \(name) mid-upgrade (base stopped, target not running), "
                        + "policy.maxNodesDownPerDC is \(policy.maxNodesDownPerDC)"
                },
                areas: nil, datacenter: dc))
        }
        rules.append(Rule(
            invariant: .splitInstallation, minimize: false, value: { tally, _ in tally.splitBroken },
            broken: { value, _ in value > 0 },
            detail: { _, _ in "target processes run on a node whose base processes still run (split installation, AE-ZDU-9)" },
            areas: nil, datacenter: nil))
        rules.append(Rule(
            invariant: .splitInstallation, minimize: false, value: { tally, _ in tally.targetNodes },
            broken: { value, phase in phase == .off && value > 0 },
            detail: { _, _ in "target processes run before the wizard's DB load put the system in compatibility mode" },
            areas: nil, datacenter: nil))
        rules.append(Rule(
            invariant: .goalState, minimize: false, value: { tally, _ in tally.unfinishedNodes },
            broken: { value, _ in value > 0 },
            // The checkers replace this with `Completion.problem`, which names the nodes and the step.
            detail: { value, _ in "\(value) node(s) will not end on their target processes" },
            areas: nil, datacenter: nil))
        return rules
    }

    /// Why the PWP is wrong in `state`, or nil when it is right (invariant 3).
    static func pwpProblem(_ farm: Farm, pwp: Int32, phase: ZDUPhase, bits: (Int) -> UInt8) -> String? {
        guard pwp >= 0 && Int(pwp) < farm.count else {
            return phase >= .switched ? "the switch found no running target WP to take the PWP" : "no node holds the PWP"
        }
        let node = Int(pwp)
        let name = farm.names[node]
        if farm.wps[node] == 0 { return "the PWP sits on \(name), which has no WPs" }
        if phase < .switched {
            if bits(node) & NodeBits.baseWPs == 0 {
                return "the base WPs of \(name), which hold the PWP, stopped before the switch (a takeover gap)"
            }
        } else if bits(node) & NodeBits.target == 0 {
            return "the PWP sits on \(name), whose target WPs do not run"
        }
        return nil
    }
}
