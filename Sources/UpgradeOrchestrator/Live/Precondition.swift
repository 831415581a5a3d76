import NodeContract
import UpgradePlan

/// What must hold on live state before a step's POST: pure checks returning what is wrong, or nil. They name the
/// same facts the nodes' 409 answers name, but before anything is sent.
public enum Precondition {
    /// Why the step cannot start now, or nil when it can; `version` is the upgrade's target version.
    public static func violation(_ kind: StepKind, nodes: [String], version: String, live: LiveState) -> String? {
        for name in nodes where live.nodes[name] == nil {
            return "node \(name) is unreachable: \(live.unreachable[name] ?? "no answer")"
        }
        guard let node = nodes.first.flatMap({ live.nodes[$0] }) else { return nil }
        let zdu = live.system.zdu
        switch kind {
        case .wpStop:
            if let pwp = live.system.pwp, pwp.node == node.name, zdu.phase != .switched, zdu.phase != .finalized,
                node.baseProcesses.contains(where: { $0.id == pwp.process })
            {
                return "\(node.name) holds the PWP (\(pwp.process)) on a base WP; the PWP moves to a target WP at "
                    + "the wizard's switch (step 4), and the plan never stops the PWP's WP before it (AE-PWP-1)"
            }
        case .targetStart:
            if zdu.phase == .off {
                return "ZDU is off: target processes start only in compatibility mode, after the wizard's DB load "
                    + "(step 2, AE-ZDU-3)"
            }
            if zdu.target != version {
                return "the ZDU target is \(zdu.target ?? "none"), the plan's is \(version)"
            }
            if node.stagedVersion != version {
                return "\(node.name) has \(node.stagedVersion ?? "nothing") staged, expected \(version)"
            }
            if let running = node.baseProcesses.first(where: { $0.state != .stopped }) {
                return "\(node.name): base process \(running.id) is \(running.state.rawValue); the target processes "
                    + "start only once every base process of the node stopped (split installation, AE-ZDU-9)"
            }
        case .targetStop:
            if zdu.phase == .switched || zdu.phase == .finalized {
                return "ZDU is \(zdu.phase.rawValue): target processes serve now; stopping them is the wizard's "
                    + "rollback (step 4) before finalize, and impossible after it"
            }
        default:
            break
        }
        return nil
    }

    /// Whether `violation` looks at the system (`GET /v1/system`) for the kind: the PWP's place before a WP stop,
    /// the ZDU phase before target processes start or stop.
    public static func readsSystem(_ kind: StepKind) -> Bool {
        switch kind {
        case .wpStop, .targetStart, .targetStop: true
        case .binariesStage, .cpDrain, .agentsAwaitReconnect, .targetVerify, .gate, .zduDBLoad, .zduSwitch,
            .zduFinalize, .zduRollback: false
        }
    }

    /// What is wrong with the whole farm for a step that changes what serves, checked live before it (empty when
    /// it may go on): a drain or stop, on the farm as it will be once the node's base processes stopped; the
    /// switch, on the farm as it is; `zdu.finalize`, on the farm as it will be once finalize has shut down every
    /// base process (only target processes serve, AE-ZDU-5). Each NetArea keeps a serving CP/JCP of its own or of
    /// its declared fallback, exactly one PWP, `minActiveCPs` and `minRunningWPs` hold (`HealthCheck`). Nil for
    /// steps that change nothing that serves.
    public static func farmProblems(_ step: Step, topology: Topology, live: LiveState) -> [String]? {
        if let stopping = Serving.Stopping.of(step) {
            return HealthCheck.problems(topology: topology, live: live, stopping: stopping)
        }
        switch step.kind {
        case .gate, .zduSwitch:
            return HealthCheck.problems(topology: topology, live: live)
        case .zduFinalize:
            var after = live
            after.system.zdu.phase = .finalized
            let current = Set(HealthCheck.problems(topology: topology, live: live))
            return HealthCheck.problems(topology: topology, live: after).map { problem in
                current.contains(problem) ? problem : problem + " once finalize shuts down the base processes"
            }
        default:
            return nil
        }
    }
}
