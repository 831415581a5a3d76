import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradePlan

/// The planner's plans for the seed topologies, replayed step by step on the pure model (one linearization of the
/// DAG, each step's postcondition awaited as the executor does; wizard steps performed as the operator would):
/// the farm ends on the target version and finalized without losing a job, without a PWP gap and without a
/// NetArea cut off from every serving CP/JCP of its agents' kind.
@Suite("FarmModel: planner's plans replayed")
struct PlanReplayTests {
    @Test(
        "seed plans run cleanly on the simulator",
        arguments: ["seed-phase1.yaml", "seed-phase2.yaml", "three-dc.yaml"])
    func replay(file: String) throws {
        let topology = try Fixtures.seed(file)
        let plan = try Planner.plan(topology)
        var model = FarmModel(topology: topology, options: SimulationOptions(clock: .manual, seed: 5))
        for step in plan.steps {
            execute(step, in: &model, target: topology.versions.target)
        }
        model.advance(by: 120)
        let report = model.report()
        #expect(report.jobs.lost == 0)
        #expect(report.secondsWithoutPWP == 0)
        #expect(report.secondsAnyNetAreaWithoutCP == 0)
        #expect(report.zdu.phase == .finalized && !report.autoFinalized)
        #expect(report.effects.duplicates == 0)
        #expect(report.nodes.allSatisfy { $0.baseRunning == 0 && $0.targetRunning == $0.processes })
        #expect(report.jobs.waiting == 0)
    }

    /// Performs the step (a node command or a wizard step) and advances time until its postcondition holds.
    func execute(_ step: Step, in model: inout FarmModel, target: String) {
        let node = step.nodes.first ?? ""
        let command: Command? = switch step.kind {
        case .binariesStage: .binariesStage(version: target)
        case .cpDrain: .cpsStop
        case .wpStop: .wpsStop(drain: true)
        case .targetStart: .targetStart(version: target)
        case .targetStop: .targetStop
        default: nil
        }
        if let command, case .rejected(let problem) = model.submit(command, on: node, key: step.id) {
            Issue.record("\(step.id) refused: \(problem.detail ?? problem.title)")
            return
        }
        if case .soak(let seconds) = step.gate { model.advance(by: Double(seconds)) }
        for _ in 0..<3600 {
            if let wizard = wizardStep(step.kind, target: target), case .success = model.perform(wizard) { return }
            if holds(step, model: model, target: target) { return }
            model.advance(by: 1)
        }
        Issue.record("\(step.id): postcondition not reached within an hour")
    }

    /// The wizard step an operator performs for a plan step, if it is one.
    func wizardStep(_ kind: StepKind, target: String) -> WizardStep? {
        switch kind {
        case .zduDBLoad: .dbLoad(version: target)
        case .zduSwitch: .switchOver
        case .zduFinalize: .finalize
        case .zduRollback: .rollback
        default: nil
        }
    }

    /// The step's postcondition on live state.
    func holds(_ step: Step, model: FarmModel, target: String) -> Bool {
        let node = step.nodes.first.flatMap { model.nodeState($0) }
        let system = model.systemState()
        let processes = node?.processes ?? []
        let base = processes.filter { !$0.id.contains("@") }
        let targets = processes.filter { $0.id.contains("@") }
        switch step.kind {
        case .binariesStage: return node?.stagedVersion == target
        case .cpDrain: return base.filter { $0.kind == .cp || $0.kind == .jcp }.allSatisfy { $0.state == .stopped }
        case .agentsAwaitReconnect:
            let prefix = node!.name + "/"
            return system.netAreas.allSatisfy { area in
                area.disconnected == 0 && !area.connected.keys.contains { $0.hasPrefix(prefix) && !$0.contains("@") }
            }
        case .wpStop: return base.filter { $0.kind != .cp && $0.kind != .jcp }.allSatisfy { $0.state == .stopped }
        case .targetStart, .targetVerify:
            return !targets.isEmpty && targets.allSatisfy { $0.state == .running && $0.version == target }
        case .targetStop: return targets.allSatisfy { $0.state == .stopped }
        case .gate: return true
        case .zduDBLoad: return system.zdu.phase == .compatibility
        case .zduSwitch: return system.zdu.phase == .switched
        case .zduFinalize: return system.zdu.phase == .finalized
        case .zduRollback: return system.zdu.rolledBack == true
        }
    }
}
