import NodeContract
import UpgradePlan

extension NodeState {
    /// Whether `process` is one of the node's base processes (it runs the base binaries, `installedVersion`); the
    /// others are target processes started from the staged binaries (docs/ae-model.md AE-ZDU-9).
    public func isBase(_ process: ProcessState) -> Bool { process.version == installedVersion }

    /// The node's base processes.
    public var baseProcesses: [ProcessState] { processes.filter(isBase) }

    /// The node's target processes.
    public var targetProcesses: [ProcessState] { processes.filter { !isBase($0) } }
}

/// Which processes serve in a ZDU phase (docs/ae-model.md AE-ZDU-4, ASSUMED-1): before the switch (and after a
/// wizard rollback) only base processes; after the switch target ones, base ones as a last resort until finalize;
/// after finalize only target ones. Pure.
public enum Serving {
    /// What a step is about to stop, for checking the farm as it will be after the step.
    public struct Stopping: Sendable, Equatable {
        /// The node.
        public var node: String
        /// The kinds of its base processes the step stops.
        public var kinds: Set<ProcessKind>

        /// What `step` stops: a drain its base CPs/JCPs, a `wp.stop` its base WPs/JWPs/REST; nil otherwise.
        public static func of(_ step: Step) -> Stopping? {
            guard let node = step.nodes.first else { return nil }
            switch step.kind {
            case .cpDrain: return Stopping(node: node, kinds: [.cp, .jcp])
            case .wpStop: return Stopping(node: node, kinds: [.wp, .jwp, .rest])
            default: return nil
            }
        }
    }

    /// Whether a running process of `node` serves in `phase` (base or target by its version).
    public static func serves(_ process: ProcessState, on node: NodeState, phase: ZDUPhase) -> Bool {
        guard process.state == .running else { return false }
        if node.isBase(process) { return phase != .finalized }
        return phase == .switched || phase == .finalized
    }

    /// The serving processes of `kind`, with their NetArea, leaving out what `stopping` stops.
    public static func processes(
        _ kind: ProcessKind, live: LiveState, stopping: Stopping? = nil
    ) -> [(process: ProcessState, netArea: String)] {
        var found: [(process: ProcessState, netArea: String)] = []
        for node in live.nodes.values.sorted(by: { $0.name < $1.name }) {
            for process in node.processes where process.kind == kind
                && serves(process, on: node, phase: live.system.zdu.phase)
            {
                if let stopping, stopping.node == node.name, stopping.kinds.contains(kind), node.isBase(process) {
                    continue
                }
                found.append((process, process.netArea ?? node.netArea))
            }
        }
        return found
    }
}
