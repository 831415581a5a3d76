import NodeContract
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// `CrashRestartDecision` (pure) and the machine's `.processesRestarted`: which crashed processes a check restarts,
/// which it refuses and why, and a soak that goes on to its end after a restart.
@Suite("crashed target processes: the restart decision")
struct CrashRestartDecisionTests {
    let target = CrashedProcess(node: "AE_1B", id: "AE_1B/WP2@24.4.4", kind: .wp, target: true)
    let base = CrashedProcess(node: "AE_1A", id: "AE_1A/WP2", kind: .wp, target: false)

    func policy(_ action: CrashedProcessAction, max: Int = 1) -> Policy {
        Policy(onCrashedTargetProcess: action, maxRestarts: max)
    }

    @Test func failDecidesNothing() {
        let decision = CrashRestartDecision.decide(
            crashed: [target, base], policy: policy(.fail), restartsSoFar: [:])
        #expect(decision == CrashRestartDecision())
    }

    @Test func aTargetProcessIsRestartedUpToTheLimitThenRefusedNamingItsRestarts() {
        let first = CrashRestartDecision.decide(crashed: [target], policy: policy(.restart, max: 2), restartsSoFar: [:])
        #expect(first.restarts == [.init(process: target, number: 1)])
        let second = CrashRestartDecision.decide(
            crashed: [target], policy: policy(.restart, max: 2), restartsSoFar: [target.id: 1])
        #expect(second.restarts == [.init(process: target, number: 2)])
        let past = CrashRestartDecision.decide(
            crashed: [target], policy: policy(.restart, max: 2), restartsSoFar: [target.id: 2])
        #expect(past.restarts.isEmpty)
        #expect(past.refusals == ["AE_1B/WP2@24.4.4 crashed again after 2 restarts this run (policy.maxRestarts 2): "
            + "not restarted again; find why it crashes, start it by hand (ServiceManager), then resume"])
    }

    @Test func aBaseProcessIsNeverRestarted() {
        let decision = CrashRestartDecision.decide(
            crashed: [base, target], policy: policy(.restart, max: 5), restartsSoFar: [:])
        #expect(decision.restarts == [.init(process: target, number: 1)])
        #expect(decision.refusals.count == 1)
        #expect(decision.refusals.first?.hasPrefix("AE_1A/WP2 is a base-version process: it is never restarted "
            + "while ZDU is on") == true)
        #expect(decision.refusals.first?.contains("KB 84928") == true)
    }

    @Test func aRestartInProgressIsAwaitedNotRepeated() {
        let ledger = RestartLedger()
        let first = ledger.claim([target], policy: policy(.restart))
        #expect(first.restarts.count == 1)
        let concurrent = ledger.claim([target], policy: policy(.restart))
        #expect(concurrent.restarts.isEmpty && concurrent.beingRestarted == [target] && concurrent.refusals.isEmpty)
        ledger.finished([target.id])
        let again = ledger.claim([target], policy: policy(.restart))
        #expect(again.restarts.isEmpty && again.refusals.count == 1, "the limit of 1 is reached")
        #expect(ledger.counts == [target.id: 1])
    }

    @Test func aSoakThatRestartedAProcessGoesOnToItsEnd() {
        let clock = ManualClock()
        let gate = Step(id: "gate/DC1", kind: .gate, nodes: [], dependsOn: [], estimateSeconds: 600, inverse: nil,
            gate: .soak(seconds: 600))
        var machine = ExecutorMachine<ManualClock>(steps: [gate], configuration: .init())
        #expect(machine.handle(.start, now: clock.now) == [.run("gate/DC1", attempt: 1)])
        let until = clock.now.advanced(by: .seconds(600))
        #expect(machine.handle(.stepSucceeded("gate/DC1"), now: clock.now) == [.wait("gate/DC1", until: until)])
        clock.advance(by: .seconds(100))
        #expect(machine.handle(.processesRestarted("gate/DC1"), now: clock.now) == [.wait("gate/DC1", until: until)])
        #expect(machine.attempts["gate/DC1"] == 1, "no attempt spent")
        #expect(machine.handle(.timerFired("gate/DC1"), now: clock.now) == [.finish])
    }
}
