import FarmSimulator
import NodeContract
import Testing
import UpgradePlan

/// The ZDU wizard's steps (admin endpoint) on the pure model, with simulated time.
@Suite("FarmModel: ZDU wizard")
struct FarmModelWizardTests {
    /// Compatibility mode with AE_1B split-upgraded: its base processes stopped, its target processes running.
    static func oneNodeUpgraded() -> FarmModel {
        var model = Fixtures.compatible()
        model.stopBase("AE_1B")
        model.startTarget("AE_1B")
        return model
    }

    @Test("AE-ZDU-2: the DB load turns compatibility mode on with its target; refused unless ZDU is off")
    func dbLoad() {
        var model = Fixtures.model()
        #expect(model.wizardRefusal(.dbLoad(version: Fixtures.base))?.status == 422)
        model.wizard(.dbLoad(version: Fixtures.target))
        let expected = ZDUState(phase: .compatibility, base: Fixtures.base, target: Fixtures.target)
        #expect(model.systemState().zdu == expected)
        #expect(model.wizardRefusal(.dbLoad(version: Fixtures.target))?.status == 409)
        #expect(model.systemState().pwp?.process == "AE_1A/WP1")
    }

    @Test("AE-ZDU-4: the switch is refused until a target WP runs")
    func switchNeedsTargetWP() {
        var model = Fixtures.compatible()
        #expect(model.wizardRefusal(.switchOver)?.status == 409)
        #expect(Fixtures.model().systemState().zdu.phase == .off)
        var off = Fixtures.model()
        #expect(off.wizardRefusal(.switchOver)?.status == 409)
    }

    @Test("AE-ZDU-4: the switch moves the PWP to a target WP without a gap and agents to target processes")
    func switchMovesPWPAndAgents() {
        var model = Self.oneNodeUpgraded()
        #expect(model.agents(of: "NA_DC1", .jcp, on: "AE_1A/") == 10)
        model.wizard(.switchOver)
        #expect(model.systemState().zdu.phase == .switched)
        #expect(model.systemState().pwp?.process == "AE_1B/WP1@24.4.4")
        model.advance(by: 15)
        // Staying connected meanwhile: ranking moves agents on their next reconnect (KB 259197).
        #expect(model.area("NA_DC1", .jcp).disconnected == 0)
        #expect(model.agentsOnTarget("NA_DC1", .jcp) == 0)
        model.advance(by: 16)
        let expected = [("NA_DC1", ProcessKind.jcp, 10), ("NA_DC1", .cp, 4), ("NA_DC2", .jcp, 6), ("NA_DC2", .cp, 2)]
        for (area, via, count) in expected {
            #expect(model.agentsOnTarget(area, via) == count, "\(area) \(via)")
        }
        let report = model.report()
        #expect(report.secondsWithoutPWP == 0)
        #expect(report.secondsAnyNetAreaWithoutCP == 0)
    }

    @Test("ASSUMED-2: after the switch new work goes to target WPs only")
    func newWorkOnTarget() {
        var model = Self.oneNodeUpgraded()
        model.wizard(.switchOver)
        model.advance(by: 21)
        let nodes = model.report().nodes
        #expect(nodes.allSatisfy { $0.jobsOnBase == 0 })
        #expect(nodes.first { $0.name == "AE_1B" }!.jobsOnTarget > 0)
    }

    @Test("AE-ZDU-8: finalize is refused while jobs started on base WPs still run")
    func finalizeWaitsForBaseJobs() {
        var model = Self.oneNodeUpgraded()
        #expect(model.report().nodes.first { $0.name == "AE_1A" }!.jobsOnBase > 0)
        model.wizard(.switchOver)
        let problem = model.wizardRefusal(.finalize)
        #expect(problem?.status == 409 && problem?.detail?.contains("AE-ZDU-8") == true)
        model.advance(by: 20)
        #expect(model.wizardRefusal(.finalize) == nil)
        #expect(model.systemState().zdu.phase == .finalized)
    }

    @Test("AE-ZDU-5: finalize stops every base process for good; agents reconnect to target processes")
    func finalizeStopsBase() {
        var model = Self.oneNodeUpgraded()
        model.wizard(.switchOver)
        model.advance(by: 60)
        model.wizard(.finalize)
        #expect(model.nodeState("AE_1A")!.processes.allSatisfy { $0.state == .stopped })
        #expect(!model.report().autoFinalized)
        #expect(model.refusal(.processesStart, on: "AE_1A", key: "restart")?.status == 409)
        #expect(model.wizardRefusal(.rollback)?.status == 409)
        model.stopBase("AE_1A")
        model.startTarget("AE_1A")
        #expect(model.nodeState("AE_1A")!.processes.filter { $0.id.contains("@") }.allSatisfy { $0.state == .running })
        let report = model.report()
        #expect(report.secondsWithoutPWP == 0)
        #expect(report.jobs.lost == 0)
    }

    @Test("AE-ZDU-7, ASSUMED-3: rollback sends PWP and connections back to base, compatibility stays on")
    func rollback() {
        var model = Self.oneNodeUpgraded()
        model.wizard(.switchOver)
        model.advance(by: 60)
        model.wizard(.rollback)
        let zdu = model.systemState().zdu
        #expect(zdu.phase == .compatibility && zdu.rolledBack == true && zdu.target == Fixtures.target)
        #expect(model.systemState().pwp?.process == "AE_1A/WP1")
        #expect(model.process("AE_1B/WP1@24.4.4")?.state == .running)
        model.advance(by: 31)
        for (area, via) in [("NA_DC1", ProcessKind.jcp), ("NA_DC1", .cp), ("NA_DC2", .jcp), ("NA_DC2", .cp)] {
            #expect(model.agentsOnTarget(area, via) == 0, "\(area) \(via)")
            #expect(model.area(area, via).disconnected == 0, "\(area) \(via)")
        }
        #expect(model.refusal(.processesStart, on: "AE_1B", key: "restart-base")?.status == 409)
        model.wizard(.switchOver)
        #expect(model.systemState().zdu.rolledBack == nil)
        #expect(model.report().secondsWithoutPWP == 0)
    }

    @Test("AE-ZDU-7: rollback is refused before the switch and when no base WP runs")
    func rollbackRefused() {
        var model = Self.oneNodeUpgraded()
        #expect(model.wizardRefusal(.rollback)?.status == 409)
        model.wizard(.switchOver)
        model.run(.wpsStop(drain: true), on: "AE_1A", key: "stop-a")
        model.advance(by: 30)
        #expect(model.process("AE_1A/WP1")?.state == .stopped)
        #expect(model.wizardRefusal(.rollback)?.detail?.contains("no base WP") == true)
    }

    @Test("AE-ZDU-6: when every base process has stopped, ZDU finalizes by itself and rollback is gone")
    func autoFinalize() {
        var model = Self.oneNodeUpgraded()
        model.stopBase("AE_1A")
        let zdu = model.systemState().zdu
        #expect(zdu.phase == .finalized)
        #expect(model.report().autoFinalized)
        let problem = model.wizardRefusal(.rollback)
        #expect(problem?.status == 409 && problem?.detail?.contains("by itself") == true)
        model.advance(by: 60)
        #expect(model.systemState().pwp?.process.hasPrefix("AE_1B/WP") == true)
        #expect(model.report().takeovers == 1)
    }
}
