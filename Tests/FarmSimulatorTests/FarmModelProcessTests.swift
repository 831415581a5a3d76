import FarmSimulator
import NodeContract
import Testing
import UpgradePlan

/// WPs, PWP, binaries and idempotency on the pure model.
@Suite("FarmModel: WPs, PWP, binaries, idempotency")
struct FarmModelProcessTests {
    @Test("stopping the PWP's WPs without a handover leaves a takeover gap, then another node's WP takes over")
    func takeoverGap() {
        var model = Fixtures.model()
        model.advance(to: 60)
        model.run(.wpsStop(drain: true), on: "AE_1A", key: "stop")
        model.advance(by: 30)
        #expect(model.systemState().pwp == nil)
        #expect(model.systemState().health == .down)
        model.advance(by: 120)
        let report = model.report()
        #expect(report.takeovers == 1)
        #expect(report.pwp == "AE_1B/WP1")
        #expect(report.secondsWithoutPWP >= 59 && report.secondsWithoutPWP <= 61)
        #expect(report.jobs.delayed > 0)
        #expect(model.states("AE_1A").allSatisfy { $0 == .stopped })
    }

    @Test("a handover before the stop moves the PWP without a gap")
    func handoverWithoutGap() {
        var wide = FarmModel(topology: Fixtures.seed(nodesPerDC: 2), options: Fixtures.options())
        #expect(wide.refusal(.pwpHandover(to: "AE_2B"), on: "AE_1B", key: "not-holder")?.status == 409)
        #expect(wide.run(.pwpHandover(to: "AE_1A"), on: "AE_1B", key: "holds")?.state == .succeeded)
        var model = Fixtures.model()
        model.run(.pwpHandover(to: "AE_1B"), on: "AE_1A", key: "h")
        model.advance(to: 10)
        #expect(model.systemState().pwp?.node == "AE_1B")
        model.run(.wpsStop(drain: true), on: "AE_1A", key: "stop")
        model.advance(to: 300)
        #expect(model.report().secondsWithoutPWP == 0)
        #expect(model.report().takeovers == 0)
    }

    @Test("drain lets running jobs finish; drain off loses them")
    func drainVersusLose() {
        var drained = Fixtures.model()
        drained.advance(to: 60)
        drained.run(.wpsStop(drain: true), on: "AE_1B", key: "d")
        #expect(drained.states("AE_1B").prefix(4).allSatisfy { $0 == .draining })
        drained.advance(to: 200)
        #expect(drained.states("AE_1B").allSatisfy { $0 == .stopped })
        #expect(drained.report().jobs.lost == 0)

        var dropped = Fixtures.model()
        dropped.advance(to: 60)
        dropped.run(.wpsStop(drain: false), on: "AE_1B", key: "d")
        #expect(dropped.states("AE_1B").allSatisfy { $0 == .stopped })
        #expect(dropped.report().jobs.lost > 0)
    }

    @Test("install is refused while processes run and for a version not staged; start uses the installed version")
    func binaries() {
        var model = Fixtures.model()
        #expect(model.refusal(.binariesInstall(version: "24.4.1"), on: "AE_1B", key: "i0")?.status == 409)
        model.run(.wpsStop(drain: false), on: "AE_1B", key: "stop")
        #expect(model.refusal(.binariesInstall(version: "24.4.1"), on: "AE_1B", key: "i1")?.status == 409)
        model.run(.binariesStage(version: "24.4.1"), on: "AE_1B", key: "stage")
        model.advance(to: 120)
        #expect(model.nodeState("AE_1B")?.stagedVersion == "24.4.1")
        model.run(.zduPrepare(version: "24.4.1"), on: "AE_1A", key: "prep")
        model.run(.binariesInstall(version: "24.4.1"), on: "AE_1B", key: "i2")
        #expect(model.refusal(.processesStart, on: "AE_1B", key: "busy")?.status == 409)
        model.advance(to: 420)
        #expect(model.nodeState("AE_1B")?.installedVersion == "24.4.1")
        model.run(.processesStart, on: "AE_1B", key: "start")
        model.advance(to: 540)
        let node = model.nodeState("AE_1B")!
        #expect(node.processes.allSatisfy { $0.state == .running && $0.version == "24.4.1" })
    }

    @Test("CPs start in the node's persisted CP mode")
    func cpModePersists() {
        var model = Fixtures.model()
        model.run(.cpsStandby, on: "AE_1B", key: "s")
        model.advance(to: 10)
        model.run(.wpsStop(drain: false), on: "AE_1B", key: "stop")
        model.run(.processesStart, on: "AE_1B", key: "start")
        model.advance(to: 200)
        #expect(model.states("AE_1B").allSatisfy { $0 == .running })
        #expect(model.cpModes("AE_1B") == [.standby, .standby])
    }

    @Test("the same Idempotency-Key returns the same operation and applies its effect once")
    func idempotency() {
        var model = Fixtures.model()
        let first = model.run(.cpsStandby, on: "AE_1B", key: "same")
        let second = model.run(.cpsStandby, on: "AE_1B", key: "same")
        #expect(first?.id == second?.id)
        model.advance(to: 30)
        let third = model.run(.cpsStandby, on: "AE_1B", key: "same")
        #expect(third?.id == first?.id)
        #expect(third?.state == .succeeded)
        #expect(model.refusal(.cpsActivate, on: "AE_1B", key: "same")?.status == 422)
        #expect(model.refusal(.cpsStandby, on: "AE_1A", key: "same")?.status == 422)
        let report = model.report()
        #expect(report.effects.perKey == ["same": 1])
        #expect(report.effects.duplicates == 0)
    }

    @Test("another node operation is refused while one runs, the same one joins it; a held postcondition succeeds")
    func busyAndNoOp() {
        var model = Fixtures.model()
        model.run(.cpsStandby, on: "AE_1B", key: "a")
        #expect(model.refusal(.cpsActivate, on: "AE_1B", key: "b")?.status == 409)
        let joined = model.run(.cpsStandby, on: "AE_1B", key: "a-retry")
        #expect(joined?.id == model.run(.cpsStandby, on: "AE_1B", key: "a")?.id)
        model.advance(to: 20)
        let noOp = model.run(.cpsActivate, on: "AE_1A", key: "c")
        #expect(noOp?.state == .succeeded)
        #expect(model.report().effects.perKey == ["a": 1])
    }

    @Test("a running operation shows its eta; a key whose operation failed starts a new one, applied once")
    func failedKeyStartsAfresh() {
        var model = Fixtures.model()
        let first = model.run(.pwpHandover(to: "AE_1B"), on: "AE_1A", key: "h")
        #expect(first?.etaSeconds == 10)
        model.advance(by: 4)
        #expect(model.operation(id: first?.id ?? "", on: "AE_1A")?.etaSeconds == 6)
        _ = model.inject(Fault(kind: .crash, node: "AE_1B"))
        model.advance(by: 7)
        let failed = model.operation(id: first?.id ?? "", on: "AE_1A")
        #expect(failed?.state == .failed && failed?.etaSeconds == nil)
        #expect(model.refusal(.pwpHandover(to: "AE_1B"), on: "AE_1A", key: "h")?.status == 409,
            "while the target runs no WP the retry is refused by its precondition, not answered with the failure")
        model.run(.processesStart, on: "AE_1B", key: "s")
        model.advance(by: 200)
        let second = model.run(.pwpHandover(to: "AE_1B"), on: "AE_1A", key: "h")
        #expect(second != nil && second?.id != first?.id && second?.state == .running)
        model.advance(by: 11)
        #expect(model.systemState().pwp?.node == "AE_1B")
        #expect(model.run(.pwpHandover(to: "AE_1B"), on: "AE_1A", key: "h")?.id == second?.id)
        #expect(model.report().effects.perKey["h"] == 1)
    }

    @Test("a crashed PWP process is taken over after the gap; a crash of a whole node loses its jobs")
    func crash() {
        var model = Fixtures.model()
        model.advance(to: 60)
        _ = model.inject(Fault(kind: .crash, process: "AE_1A/WP1"))
        #expect(model.systemState().pwp == nil)
        model.advance(by: 61)
        #expect(model.systemState().pwp?.process == "AE_1A/WP2")
        _ = model.inject(Fault(kind: .crash, node: "AE_1B"))
        #expect(model.states("AE_1B").allSatisfy { $0 == .stopped })
        #expect(model.report().jobs.lost > 0)
        if case .failure(let problem) = model.inject(Fault(kind: .crash, process: "AE_9Z/WP1")) {
            #expect(problem.status == 422)
        } else {
            Issue.record("an unknown process must be refused")
        }
    }
}
