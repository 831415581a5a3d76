import FarmSimulator
import NodeContract
import Testing
import UpgradePlan

/// ZDU compatibility mode and its hazards on the pure model.
@Suite("FarmModel: ZDU")
struct FarmModelZDUTests {
    /// Prepared farm: target staged everywhere, compatibility mode on.
    static func prepared() -> FarmModel {
        var model = Fixtures.model()
        model.run(.binariesStage(version: "24.4.1"), on: "AE_1A", key: "stage-a")
        model.run(.binariesStage(version: "24.4.1"), on: "AE_1B", key: "stage-b")
        model.run(.zduPrepare(version: "24.4.1"), on: "AE_1A", key: "prepare")
        model.advance(to: 120)
        return model
    }

    /// Stops, installs the target and starts a node.
    static func upgrade(_ node: String, in model: inout FarmModel) {
        model.run(.wpsStop(drain: false), on: node, key: "stop-\(node)")
        model.run(.binariesInstall(version: "24.4.1"), on: node, key: "install-\(node)")
        model.advance(by: 300)
        model.run(.processesStart, on: node, key: "start-\(node)")
        model.advance(by: 120)
    }

    @Test("a base process stopped during compatibility cannot be restarted")
    func baseRestartRefused() {
        var model = Self.prepared()
        #expect(model.systemState().zdu.phase == .compatibility)
        model.run(.wpsStop(drain: false), on: "AE_1B", key: "stop")
        let problem = model.refusal(.processesStart, on: "AE_1B", key: "restart")
        #expect(problem?.status == 409)
        #expect(problem?.detail?.contains("cannot be restarted") == true)
    }

    @Test("mixed versions are refused outside compatibility mode")
    func mixedVersionsRefused() {
        var model = Fixtures.model()
        model.run(.binariesStage(version: "24.4.1"), on: "AE_1B", key: "stage")
        model.advance(to: 120)
        model.run(.wpsStop(drain: false), on: "AE_1B", key: "stop")
        model.run(.binariesInstall(version: "24.4.1"), on: "AE_1B", key: "install")
        model.advance(to: 420)
        #expect(model.refusal(.processesStart, on: "AE_1B", key: "start")?.status == 409)
    }

    @Test("when every base process stops, ZDU finalizes by itself and rollback is gone")
    func autoFinalize() {
        var model = Self.prepared()
        Self.upgrade("AE_1B", in: &model)
        #expect(model.systemState().zdu.phase == .compatibility)
        model.run(.wpsStop(drain: false), on: "AE_1A", key: "stop-last-base")
        #expect(model.systemState().zdu.phase == .finalized)
        #expect(model.report().autoFinalized)
        #expect(model.refusal(.zduRollback, on: "AE_1B", key: "rollback")?.status == 409)
    }

    @Test("finalize stops the base processes and hands their jobs to target WPs")
    func finalize() {
        var model = Self.prepared()
        Self.upgrade("AE_1B", in: &model)
        let lostBefore = model.report().jobs.lost
        model.run(.pwpHandover(to: "AE_1B"), on: "AE_1A", key: "handover")
        model.advance(by: 10)
        model.run(.zduFinalize, on: "AE_1B", key: "finalize")
        model.advance(by: 10)
        #expect(model.systemState().zdu.phase == .finalized)
        #expect(!model.report().autoFinalized)
        #expect(model.states("AE_1A").allSatisfy { $0 == .stopped })
        #expect(model.systemState().pwp?.node == "AE_1B")
        #expect(model.run(.wpsStop(drain: true), on: "AE_1A", key: "noop")?.state == .succeeded)
        Self.upgrade("AE_1A", in: &model)
        #expect(model.nodeState("AE_1A")!.processes.allSatisfy { $0.state == .running && $0.version == "24.4.1" })
        model.advance(by: 120)
        let report = model.report()
        #expect(report.jobs.lost == lostBefore)
        #expect(report.secondsWithoutPWP == 0)
    }

    @Test("rollback is refused while a target process runs, allowed once they stop; base restarts after it")
    func rollback() {
        var model = Self.prepared()
        Self.upgrade("AE_1B", in: &model)
        #expect(model.refusal(.zduRollback, on: "AE_1A", key: "rb1")?.status == 409)
        model.run(.wpsStop(drain: true), on: "AE_1B", key: "stop-target")
        model.advance(by: 100)
        model.run(.zduRollback, on: "AE_1A", key: "rb2")
        model.advance(by: 10)
        #expect(model.systemState().zdu.phase == .off)
        model.run(.binariesInstall(version: "21.0.5"), on: "AE_1B", key: "reinstall")
        model.advance(by: 300)
        model.run(.processesStart, on: "AE_1B", key: "restart-base")
        model.advance(by: 120)
        #expect(model.nodeState("AE_1B")!.processes.allSatisfy { $0.state == .running && $0.version == "21.0.5" })
    }
}
