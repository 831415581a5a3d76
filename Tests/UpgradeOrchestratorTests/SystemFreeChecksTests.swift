import NodeContract
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// The executor reads `GET /v1/system` for a step only when its checks look at it (`Postcondition.readsSystem`,
/// `Precondition.readsSystem`). For every kind declared not to, the check's answer must be the same whatever the
/// system says: else a poll without the system would decide on a placeholder.
@Suite("checks that do not read the system")
struct SystemFreeChecksTests {
    static let version = "24.4.4"

    /// The node's states an upgrade passes through: as found, staged, CPs/JCPs stopped, base stopped, target
    /// started (and draining WPs on the way).
    static func nodeStates(_ node: NodeState) -> [NodeState] {
        func edit(_ change: (inout ProcessState) -> Void) -> NodeState {
            var copy = node
            for index in copy.processes.indices { change(&copy.processes[index]) }
            return copy
        }
        var staged = node
        staged.stagedVersion = version
        let drained = edit { if $0.kind.servesAgents { $0.state = .stopped } }
        let draining = edit { if $0.kind == .wp { $0.state = .draining } }
        var stopped = edit { $0.state = .stopped }
        stopped.stagedVersion = version
        var started = stopped
        started.processes += node.processes.map {
            ProcessState(kind: $0.kind, id: $0.id + "@" + version, state: .running, version: version,
                netArea: $0.netArea)
        }
        return [node, staged, drained, draining, stopped, started]
    }

    /// Systems that differ in everything a check could read: every ZDU phase; the PWP where it is, nowhere,
    /// elsewhere or on `node`'s first WP; agents as reported, or all connected away from `node`.
    static func systems(_ real: SystemState, node: NodeState) -> [SystemState] {
        var result = [real]
        var away = real
        for index in away.netAreas.indices {
            away.netAreas[index].connected = ["elsewhere/CP1": away.netAreas[index].agents]
            away.netAreas[index].disconnected = 0
        }
        result.append(away)
        let onNode = node.processes.first { $0.kind == .wp }.map { PWPLocation(node: node.name, process: $0.id) }
        for phase in ZDUPhase.allCases {
            for pwp in [real.pwp, nil, PWPLocation(node: "elsewhere", process: "elsewhere/WP1"), onNode] {
                var system = real
                system.zdu = ZDUState(phase: phase, base: real.zdu.base, target: phase == .off ? nil : version)
                system.pwp = pwp
                system.health = phase == .switched ? .down : .up
                system.netAreas = phase == .finalized ? [] : real.netAreas
                result.append(system)
            }
        }
        return result
    }

    @Test func kindsThatDoNotReadTheSystemAnswerTheSameWhateverItSays() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let live = try await LiveState.fetch(fake, topology: plan.topology)
        var checked = 0
        for step in plan.steps {
            guard let name = step.nodes.first, let node = live.nodes[name] else { continue }
            let systems = Self.systems(live.system, node: node)
            for state in Self.nodeStates(node) {
                var variant = live
                variant.nodes[name] = state
                func answers(_ system: SystemState) -> (Bool, String?) {
                    var seen = variant
                    seen.system = system
                    return (Postcondition.holds(step.kind, nodes: step.nodes, version: Self.version, live: seen),
                        Precondition.violation(step.kind, nodes: step.nodes, version: Self.version, live: seen))
                }
                let first = answers(systems[0])
                for system in systems.dropFirst() {
                    let other = answers(system)
                    if !Postcondition.readsSystem(step.kind) {
                        #expect(other.0 == first.0, "\(step.id): holds changed with the system")
                    }
                    if !Postcondition.readsSystem(step.kind) && !Precondition.readsSystem(step.kind) {
                        #expect(other.1 == first.1, "\(step.id): violation changed with the system")
                    }
                    checked += 1
                }
            }
        }
        // Every node step of the plan, six node states, and the other systems (2 + 4 phases x 4 PWP places).
        #expect(checked == plan.steps.filter { !$0.nodes.isEmpty }.count * 6 * 17)
    }

    @Test func theDeclarationsAreNotVacuous() async throws {
        // Each kind declared to read the system does answer differently for some system: the declaration is needed.
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let live = try await LiveState.fetch(fake, topology: plan.topology)
        var differs: Set<StepKind> = []
        for step in plan.steps {
            guard let name = step.nodes.first, let node = live.nodes[name] else { continue }
            for state in Self.nodeStates(node) {
                var variant = live
                variant.nodes[name] = state
                var postAnswers: Set<Bool> = []
                var preAnswers: Set<String> = []
                for system in Self.systems(live.system, node: node) {
                    variant.system = system
                    postAnswers.insert(
                        Postcondition.holds(step.kind, nodes: step.nodes, version: Self.version, live: variant))
                    preAnswers.insert(
                        Precondition.violation(step.kind, nodes: step.nodes, version: Self.version, live: variant)
                            ?? "none")
                }
                if postAnswers.count > 1 && Postcondition.readsSystem(step.kind) { differs.insert(step.kind) }
                if preAnswers.count > 1 && Precondition.readsSystem(step.kind) { differs.insert(step.kind) }
            }
        }
        for kind in [StepKind.agentsAwaitReconnect, .targetVerify, .wpStop, .targetStart] {
            #expect(differs.contains(kind), "\(kind.rawValue) is declared to read the system but never needs it")
        }
    }
}
