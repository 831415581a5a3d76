import Testing
import UpgradeOrchestrator
import UpgradePlan

/// Stop requests: Ctrl-C finishes the batches in progress, a second Ctrl-C or SIGTERM stops once nothing is in
/// flight; neither crosses zdu.finalize, soaks a gate, or turns into a rollback.
@Suite("ExecutorMachine stop requests")
struct ExecutorMachineStopTests {
    typealias Machine = ExecutorMachine<ManualClock>
    let clock = ManualClock()

    @Test func interruptStopsOnceNothingIsInFlight() {
        var machine = Machine(steps: [Step.machine("a"), Step.machine("b"), Step.machine("c", after: ["a"])], configuration: .init())
        _ = machine.handle(.start, now: clock.now)
        #expect(machine.handle(.interrupt(.soon), now: clock.now) == [])
        #expect(machine.handle(.stepSucceeded("a"), now: clock.now) == [])
        #expect(machine.handle(.stepSucceeded("b"), now: clock.now) == [.stopped])
        #expect(machine.status["c"] == .pending)
    }

    /// Two batches of one DC (cp.drain → wp.stop → target.verify on two nodes each).
    func twoBatches() -> [Step] {
        var steps: [Step] = []
        var previous: [String] = []
        for nodes in [["A1", "A2"], ["A3", "A4"]] {
            var ends: [String] = []
            for node in nodes {
                let drain = Step(id: "DC1/\(node)/cp.drain", kind: .cpDrain, nodes: [node], dependsOn: previous,
                    estimateSeconds: 1, inverse: nil, datacenter: "DC1")
                let stop = Step(id: "DC1/\(node)/wp.stop", kind: .wpStop, nodes: [node], dependsOn: [drain.id],
                    estimateSeconds: 1, inverse: nil, datacenter: "DC1")
                let verify = Step(id: "DC1/\(node)/target.verify", kind: .targetVerify, nodes: [node],
                    dependsOn: [stop.id], estimateSeconds: 1, inverse: nil, datacenter: "DC1")
                steps += [drain, stop, verify]
                ends.append(verify.id)
            }
            previous = ends
        }
        return steps
    }

    @Test func ctrlCFinishesTheBatchInProgressThenStopsBeforeTheNext() {
        var machine = Machine(steps: twoBatches(), configuration: .init())
        #expect(machine.handle(.start, now: clock.now).count == 2)
        #expect(machine.handle(.interrupt(.betweenBatches), now: clock.now) == [])
        #expect(machine.handle(.stepSucceeded("DC1/A1/cp.drain"), now: clock.now)
            == [.run("DC1/A1/wp.stop", attempt: 1)], "a started batch goes on")
        var last: [Machine.Action] = []
        for event in ["DC1/A2/cp.drain", "DC1/A1/wp.stop", "DC1/A2/wp.stop", "DC1/A1/target.verify",
                      "DC1/A2/target.verify"] {
            last = machine.handle(.stepSucceeded(event), now: clock.now)
        }
        #expect(last == [.stopped], "the batch's nodes are back in service; the next batch does not start")
        #expect(machine.status["DC1/A3/cp.drain"] == .pending)
    }

    @Test func aSecondCtrlCStopsAsSoonAsTheStepsInFlightEnd() {
        var machine = Machine(steps: twoBatches(), configuration: .init())
        _ = machine.handle(.start, now: clock.now)
        _ = machine.handle(.interrupt(.betweenBatches), now: clock.now)
        #expect(machine.handle(.interrupt(.betweenBatches), now: clock.now) == [])
        #expect(machine.handle(.stepSucceeded("DC1/A1/cp.drain"), now: clock.now) == [])
        #expect(machine.handle(.stepSucceeded("DC1/A2/cp.drain"), now: clock.now) == [.stopped])
        #expect(machine.status["DC1/A1/wp.stop"] == .pending)
    }

    @Test func aGatePassingItsHealthCheckAfterCtrlCStopsInsteadOfSoaking() {
        var machine = Machine(
            steps: [Step.machine("g", .gate, gate: .soak(seconds: 600)), Step.machine("d", after: ["g"])], configuration: .init())
        #expect(machine.handle(.start, now: clock.now) == [.run("g", attempt: 1)])
        _ = machine.handle(.interrupt(.betweenBatches), now: clock.now)
        #expect(machine.handle(.stepSucceeded("g"), now: clock.now) == [.stopped])
        #expect(machine.status["g"] == .pending, "resume checks and soaks the gate again")
    }

    @Test func aTransientFailureAfterAHardStopIsLeftForResumeNotRolledBack() {
        var machine = Machine(steps: [Step.machine("a"), Step.machine("b")], configuration: .init(maxAttempts: 3, onFailure: .rollback))
        _ = machine.handle(.start, now: clock.now)
        _ = machine.handle(.interrupt(.soon), now: clock.now)
        #expect(machine.handle(.stepFailed("a", reason: "503", retryable: true), now: clock.now) == [])
        #expect(machine.handle(.stepSucceeded("b"), now: clock.now) == [.stopped])
        #expect(machine.status["a"] == .pending && machine.rootFailure == nil)
    }

    @Test func ctrlCNeverCrossesFinalizeEvenInsideTheBatchInProgress() {
        let drain = Step(id: "DC1/A1/cp.drain", kind: .cpDrain, nodes: ["A1"], dependsOn: [],
            estimateSeconds: 1, inverse: nil, datacenter: "DC1")
        let finalize = Step(id: "zdu.finalize", kind: .zduFinalize, nodes: [], dependsOn: [drain.id],
            estimateSeconds: 1, inverse: nil)
        let stop = Step(id: "DC1/A1/wp.stop", kind: .wpStop, nodes: ["A1"], dependsOn: [finalize.id],
            estimateSeconds: 1, inverse: nil, datacenter: "DC1")
        var machine = Machine(steps: [drain, finalize, stop], configuration: .init())
        _ = machine.handle(.start, now: clock.now)
        _ = machine.handle(.interrupt(.betweenBatches), now: clock.now)
        #expect(machine.handle(.stepSucceeded(drain.id), now: clock.now) == [.stopped])
        #expect(machine.status[finalize.id] == .pending)
    }
}
