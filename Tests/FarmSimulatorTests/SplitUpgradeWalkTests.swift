import FarmSimulator
import NodeContract
import Testing
import UpgradePlan

/// The full split upgrade of plans/seed-phase2.yaml, walked by hand through the model with simulated time: every
/// postcondition awaited, as the executor would.
@Suite("FarmModel: the seed-phase2 split upgrade by hand")
struct SplitUpgradeWalkTests {
    /// Advances one second at a time until `condition` holds (at most an hour of simulated time).
    static func await(
        _ what: String, in model: inout FarmModel, sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: (FarmModel) -> Bool
    ) {
        for _ in 0..<3600 {
            if condition(model) { return }
            model.advance(by: 1)
        }
        Issue.record("\(what): not reached within an hour", sourceLocation: sourceLocation)
    }

    /// Posts a command that must be accepted, then waits until its operation succeeded.
    static func perform(_ command: Command, on node: String, in model: inout FarmModel) {
        let key = "\(node)/\(command.action)"
        guard case .accepted(let operation, _) = model.submit(command, on: node, key: key) else {
            Issue.record("\(key) refused")
            return
        }
        Self.await(key, in: &model) { $0.operation(id: operation.id, on: node)?.state == .succeeded }
    }

    /// Splits one node: stop its base CPs/JCPs, wait for its agents to reconnect, stop its base WPs/JWP/REST with
    /// drain, start its target processes.
    static func split(_ node: String, target: String, in model: inout FarmModel) {
        perform(.cpsStop, on: node, in: &model)
        Self.await("\(node): agents reconnected", in: &model) { model in
            model.systemState().netAreas.allSatisfy { area in
                let onBase = area.connected.keys.contains { $0.hasPrefix(node + "/") && !$0.contains("@") }
                return area.disconnected == 0 && !onBase
            }
        }
        perform(.wpsStop(drain: true), on: node, in: &model)
        perform(.targetStart(version: target), on: node, in: &model)
    }

    @Test("seed-phase2 split upgrade: 0 s without PWP, 0 s without a serving CP/JCP, 0 lost jobs")
    func walk() throws {
        let topology = try Fixtures.seed("seed-phase2.yaml")
        let target = topology.versions.target
        var model = FarmModel(topology: topology, options: SimulationOptions(clock: .manual, seed: 11))
        for node in model.nodeNames { Self.perform(.binariesStage(version: target), on: node, in: &model) }
        model.wizard(.dbLoad(version: target))
        Self.split("AE_1B", target: target, in: &model)
        model.wizard(.switchOver)
        #expect(model.systemState().pwp?.process == "AE_1B/WP1@\(target)")
        Self.split("AE_2B", target: target, in: &model)
        Self.split("AE_2A", target: target, in: &model)
        Self.await("no job left on base WPs", in: &model) { $0.report().nodes.allSatisfy { $0.jobsOnBase == 0 } }
        model.wizard(.finalize)
        Self.await("agents on target processes", in: &model) { model in
            model.systemState().netAreas.allSatisfy { area in
                area.disconnected == 0 && area.connected.keys.allSatisfy { $0.contains("@") }
            }
        }
        Self.perform(.targetStart(version: target), on: "AE_1A", in: &model)
        model.advance(by: 300)

        let report = model.report()
        #expect(report.secondsWithoutPWP == 0)
        #expect(report.secondsAnyNetAreaWithoutCP == 0)
        #expect(report.netAreas.allSatisfy { $0.secondsWithoutReachableActiveCP == 0 })
        #expect(report.jobs.lost == 0)
        #expect(report.jobs.waiting == 0)
        #expect(report.jobs.submitted > 0 && report.jobs.completed > 0)
        #expect(report.effects.duplicates == 0)
        #expect(report.zdu.phase == .finalized && !report.autoFinalized)
        #expect(report.nodes.allSatisfy { $0.baseRunning == 0 && $0.targetRunning == $0.processes })
        #expect(report.takeovers == 0)
    }
}
