import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradePlan

/// The planner's plans for the seed topologies, replayed step by step on the pure model (one linearization of the
/// DAG, each step's postcondition awaited as TEAM.md's step semantics say): the farm ends upgraded and finalized
/// without losing a job, without a PWP gap and without a NetArea cut off from every active CP.
@Suite("FarmModel: planner's plans replayed")
struct PlanReplayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(
        "seed plans run cleanly on the simulator",
        arguments: ["seed-phase1.yaml", "seed-phase2.yaml", "three-dc.yaml"])
    func replay(file: String) throws {
        let topology = try TopologyLoader.load(path: Self.root.appendingPathComponent("plans/" + file).path)
        let plan = try Planner.plan(topology)
        var model = FarmModel(topology: topology, options: SimulationOptions(clock: .manual, seed: 5))
        for step in plan.steps {
            try execute(step, in: &model, target: topology.versions.target)
        }
        model.advance(by: 120)
        let report = model.report()
        #expect(report.jobs.lost == 0)
        #expect(report.secondsWithoutPWP == 0)
        #expect(report.secondsAnyNetAreaWithoutActiveCP == 0)
        #expect(report.zdu.phase == .finalized && !report.autoFinalized)
        #expect(report.effects.duplicates == 0)
        #expect(report.nodes.allSatisfy { $0.installedVersion == topology.versions.target && $0.state == "running" })
        #expect(report.jobs.waiting == 0)
    }

    /// Posts the step's command (if any) and advances time until its postcondition holds (at most an hour).
    func execute(_ step: Step, in model: inout FarmModel, target: String) throws {
        let node = step.nodes.first ?? model.nodeNames[0]
        let command: Command? = switch step.kind {
        case .binariesStage: .binariesStage(version: target)
        case .zduPrepare: .zduPrepare(version: target)
        case .cpStandby: .cpsStandby
        case .pwpHandover: .pwpHandover(to: step.nodes[1])
        case .wpStop: .wpsStop(drain: true)
        case .binariesInstall: .binariesInstall(version: target)
        case .processesStart: .processesStart
        case .cpActivate: .cpsActivate
        case .zduFinalize: .zduFinalize
        case .zduRollback: .zduRollback
        case .agentsAwaitFailover, .healthVerify, .agentsAwaitHome, .gate: nil
        }
        if let command, case .rejected(let problem) = model.submit(command, on: node, key: step.id) {
            Issue.record("\(step.id) refused: \(problem.detail ?? problem.title)")
            return
        }
        if case .soak(let seconds) = step.gate { model.advance(by: Double(seconds)) }
        for _ in 0..<3600 {
            if holds(step, model: model, target: target) { return }
            model.advance(by: 1)
        }
        Issue.record("\(step.id): postcondition not reached within an hour")
    }

    /// The step's postcondition on live state.
    func holds(_ step: Step, model: FarmModel, target: String) -> Bool {
        let node = step.nodes.first.flatMap { model.nodeState($0) }
        let system = model.systemState()
        let processes = node?.processes ?? []
        switch step.kind {
        case .binariesStage: return node?.stagedVersion == target
        case .zduPrepare: return system.zdu.phase == .compatibility
        case .cpStandby: return processes.compactMap(\.cpMode).allSatisfy { $0 == .standby }
        case .agentsAwaitFailover:
            let prefix = node!.name + "/"
            return system.netAreas.allSatisfy { area in !area.connected.keys.contains { $0.hasPrefix(prefix) } }
        case .pwpHandover: return system.pwp?.node == step.nodes[1]
        case .wpStop: return processes.allSatisfy { $0.state == .stopped }
        case .binariesInstall: return node?.installedVersion == target
        case .processesStart: return processes.allSatisfy { $0.state == .running }
        case .healthVerify:
            return system.health == .up && processes.allSatisfy { $0.state == .running && $0.version == target }
        case .cpActivate: return processes.compactMap(\.cpMode).allSatisfy { $0 == .active }
        case .agentsAwaitHome:
            let area = system.netAreas.first { $0.name == node!.netArea }!
            return area.home == area.agents
        case .gate: return true
        case .zduFinalize: return system.zdu.phase == .finalized
        case .zduRollback: return system.zdu.phase == .off
        }
    }
}
