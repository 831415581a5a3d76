import FarmSimulator
import NodeContract
import Testing

/// A crashed target process started again through `target/start` (what aeupgrade's
/// `policy.onCrashedTargetProcess: restart` sends): it runs again, and a restarted WP is an ordinary WP, never the
/// PWP again while another WP can hold the role (docs/ae-model.md AE-PWP-1, ASSUMED-4). The simulator is not kinder
/// than AE: the crash still leaves its PWP gap.
@Suite struct FarmModelRestartTests {
    /// AE_1B upgraded and switched: the PWP on AE_1B/WP1@target, the earliest-started target WP.
    func switched(processesStart: Int) -> FarmModel {
        var topology = Fixtures.small()
        topology.policy.durations.processesStart = processesStart
        var model = FarmModel(topology: topology, options: Fixtures.options())
        for node in model.nodeNames { model.run(.binariesStage(version: Fixtures.target), on: node, key: "s-\(node)") }
        model.advance(by: 120)
        model.wizard(.dbLoad(version: Fixtures.target))
        model.stopBase("AE_1B")
        model.run(.targetStart(version: Fixtures.target), on: "AE_1B", key: "target-AE_1B")
        model.advance(by: Double(processesStart) + 1)
        model.wizard(.switchOver)
        return model
    }

    @Test("AE-PWP-1: a PWP's WP restarted within the takeover gap does not take the role back")
    func restartedWithinTheGap() {
        var model = switched(processesStart: 10)
        let wp1 = "AE_1B/WP1@\(Fixtures.target)", wp2 = "AE_1B/WP2@\(Fixtures.target)"
        #expect(model.systemState().pwp?.process == wp1)
        _ = model.inject(Fault(kind: .crash, process: wp1))
        #expect(model.systemState().pwp == nil, "the crash leaves a gap")
        #expect(model.run(.targetStart(version: Fixtures.target), on: "AE_1B", key: "restart-1") != nil)
        model.advance(by: 11)
        #expect(model.process(wp1)?.state == .running)
        #expect(model.systemState().pwp == nil, "still the takeover gap: the restarted WP is not elected")
        model.advance(by: 60)
        #expect(model.systemState().pwp?.process == wp2, "another WP took over")
        #expect(model.process(wp1)?.pwp == false)
        #expect(model.report().secondsWithoutPWP > 0)
    }

    @Test("a crashed target CP restarted through target/start runs again; the other processes are untouched")
    func restartedCP() {
        var model = switched(processesStart: 10)
        let cp = "AE_1B/CP1@\(Fixtures.target)"
        _ = model.inject(Fault(kind: .crash, process: cp))
        #expect(model.process(cp)?.state == .stopped)
        let pwp = model.systemState().pwp
        model.run(.targetStart(version: Fixtures.target), on: "AE_1B", key: "restart-cp")
        model.advance(by: 11)
        #expect(model.process(cp)?.state == .running)
        #expect(model.systemState().pwp == pwp)
        #expect(model.report().effects.duplicates == 0)
    }
}
