import FarmSimulator
import NodeContract
import Testing
import UpgradePlan

/// Node contract commands on the pure model, with simulated time.
@Suite("FarmModel: node commands")
struct FarmModelCommandTests {
    @Test("AE-PROC-1: a node lists its base processes of every kind with the topology's counts, the PWP marked")
    func processTable() {
        let model = Fixtures.model()
        let node = model.nodeState("AE_1A")!
        #expect(node.processes.map(\.id) == [
            "AE_1A/WP1", "AE_1A/WP2", "AE_1A/CP1", "AE_1A/CP2", "AE_1A/JWP1", "AE_1A/JCP1", "AE_1A/REST1",
        ])
        #expect(node.processes.allSatisfy { $0.state == .running && $0.version == Fixtures.base })
        #expect(node.processes.filter(\.pwp).map(\.id) == ["AE_1A/WP1"])
        #expect(node.processes.filter { $0.netArea == "NA_DC1" }.map(\.kind) == [.cp, .cp, .jcp])
        #expect(node.installedVersion == Fixtures.base && node.stagedVersion == nil)
        let system = model.systemState()
        #expect(system.health == .up && system.zdu.phase == .off)
        #expect(system.netAreas.map { "\($0.name) \($0.via.rawValue) \($0.agents) \($0.home)" } == [
            "NA_DC1 CP 4 4", "NA_DC1 JCP 10 10", "NA_DC2 CP 2 2", "NA_DC2 JCP 6 6",
        ])
    }

    @Test("AE-ZDU-9: binaries/stage puts the target into its own directory; the base binaries stay installed")
    func stage() {
        var model = Fixtures.model()
        let operation = model.run(.binariesStage(version: Fixtures.target), on: "AE_1B", key: "stage")
        #expect(operation?.state == .running && operation?.etaSeconds == 120)
        model.advance(by: 119)
        #expect(model.nodeState("AE_1B")!.stagedVersion == nil)
        model.advance(by: 1)
        #expect(model.operation(id: operation!.id, on: "AE_1B")?.state == .succeeded)
        #expect(model.nodeState("AE_1B")!.stagedVersion == Fixtures.target)
        #expect(model.nodeState("AE_1B")!.installedVersion == Fixtures.base)
        #expect(model.nodeState("AE_1B")!.processes.allSatisfy { $0.state == .running })
    }

    @Test("wps/stop drain: base WPs take no new work, stop when their jobs end (AE-SM-1: drain is assumed)")
    func drain() {
        var model = Fixtures.model()
        model.advance(by: 90)
        #expect(model.report().nodes[1].jobsOnBase > 0)
        model.run(.wpsStop(drain: true), on: "AE_1B", key: "drain")
        #expect(model.process("AE_1B/WP1")?.state == .draining)
        #expect(model.process("AE_1B/JWP1")?.state == .running)
        model.advance(by: 21)
        let node = model.nodeState("AE_1B")!
        #expect(node.processes.filter { [.wp, .jwp, .rest].contains($0.kind) }.allSatisfy { $0.state == .stopped })
        #expect(node.processes.filter { [.cp, .jcp].contains($0.kind) }.allSatisfy { $0.state == .running })
        #expect(model.report().jobs.lost == 0)
        #expect(model.report().nodes[1].jobsOnBase == 0)
    }

    @Test("wps/stop without drain stops at once and loses the node's running jobs")
    func stopNow() {
        var model = Fixtures.model()
        model.advance(by: 90)
        let running = model.report().nodes[1].jobsOnBase
        #expect(running > 0)
        #expect(model.run(.wpsStop(drain: false), on: "AE_1B", key: "stop")?.state == .succeeded)
        #expect(model.report().jobs.lost == running)
    }

    @Test("AE-PWP-1: stopping the PWP's WP leaves a gap, then the earliest-started running base WP takes over")
    func takeover() {
        var model = Fixtures.model()
        model.run(.wpsStop(drain: false), on: "AE_1A", key: "stop-pwp")
        #expect(model.systemState().pwp == nil)
        #expect(model.systemState().health == .down)
        model.advance(by: 59)
        #expect(model.systemState().pwp == nil)
        model.advance(by: 1)
        #expect(model.systemState().pwp?.process == "AE_1B/WP1")
        let report = model.report()
        #expect(report.takeovers == 1)
        #expect(report.secondsWithoutPWP == 60)
    }

    @Test("AE-ZDU-6: a stopped base process is never restarted in compatibility mode (409 naming KB 84928)")
    func noBaseRestart() {
        var model = Fixtures.compatible()
        model.stopBase("AE_1B")
        let problem = model.refusal(.processesStart, on: "AE_1B", key: "restart")
        #expect(problem?.status == 409)
        #expect(problem?.detail?.contains("KB 84928") == true)
        #expect(problem?.detail?.contains("knowledge.broadcom.com/external/article/84928") == true)
        model.advance(by: 3600)
        #expect(model.nodeState("AE_1B")!.processes.allSatisfy { $0.state == .stopped })
    }

    @Test("processes/start restarts stopped base processes while ZDU is off")
    func restartWhileOff() {
        var model = Fixtures.model()
        model.stopBase("AE_1B")
        let operation = model.run(.processesStart, on: "AE_1B", key: "start")
        #expect(operation?.state == .running)
        model.advance(by: 120)
        #expect(model.nodeState("AE_1B")!.processes.allSatisfy { $0.state == .running })
    }

    @Test("AE-ZDU-9: target/start needs compatibility mode, the staged ZDU target, the node's base stopped")
    func targetStartPreconditions() {
        var off = Fixtures.model()
        off.run(.binariesStage(version: Fixtures.target), on: "AE_1B", key: "stage")
        off.advance(by: 120)
        #expect(off.refusal(.targetStart(version: Fixtures.target), on: "AE_1B", key: "t")?.detail?
            .contains("ZDU is off") == true)
        var model = Fixtures.compatible()
        let running = model.refusal(.targetStart(version: Fixtures.target), on: "AE_1B", key: "t1")
        #expect(running?.status == 409 && running?.detail?.contains("AE-ZDU-9") == true)
        model.stopBase("AE_1B")
        #expect(model.refusal(.targetStart(version: "24.4.3"), on: "AE_1B", key: "t2")?.status == 409)
        model.startTarget("AE_1B")
        let node = model.nodeState("AE_1B")!
        let target = node.processes.filter { $0.id.hasSuffix("@" + Fixtures.target) }
        #expect(target.map(\.id) == [
            "AE_1B/WP1@24.4.4", "AE_1B/WP2@24.4.4", "AE_1B/CP1@24.4.4", "AE_1B/CP2@24.4.4", "AE_1B/JWP1@24.4.4",
            "AE_1B/JCP1@24.4.4", "AE_1B/REST1@24.4.4",
        ])
        #expect(target.allSatisfy { $0.state == .running && $0.version == Fixtures.target })
        #expect(node.installedVersion == Fixtures.base)
    }

    @Test("target/stop stops the target processes before the switch; after it, 409: use the wizard's rollback")
    func targetStop() {
        var model = Fixtures.compatible()
        model.stopBase("AE_1B")
        model.startTarget("AE_1B")
        model.run(.targetStop, on: "AE_1B", key: "stop-target")
        model.advance(by: 10)
        #expect(model.process("AE_1B/WP1@24.4.4")?.state == .stopped)
        model.run(.targetStart(version: Fixtures.target), on: "AE_1B", key: "start-target-again")
        model.advance(by: 120)
        model.wizard(.switchOver)
        let problem = model.refusal(.targetStop, on: "AE_1B", key: "stop-after-switch")
        #expect(problem?.status == 409 && problem?.detail?.contains("rollback") == true)
    }

    @Test("idempotency: a key returns its operation; another request under it is 422; one operation per node")
    func idempotency() {
        var model = Fixtures.model()
        let first = model.run(.binariesStage(version: Fixtures.target), on: "AE_1A", key: "k")
        let again = model.run(.binariesStage(version: Fixtures.target), on: "AE_1A", key: "k")
        #expect(first?.id == again?.id)
        #expect(model.refusal(.cpsStop, on: "AE_1A", key: "k")?.status == 422)
        #expect(model.refusal(.cpsStop, on: "AE_1A", key: "other")?.status == 409)
        #expect(model.run(.binariesStage(version: Fixtures.target), on: "AE_1A", key: "retry")?.id == first?.id)
        model.advance(by: 120)
        #expect(model.report().effects.perKey == ["k": 1])
        #expect(model.report().effects.duplicates == 0)
    }
}
