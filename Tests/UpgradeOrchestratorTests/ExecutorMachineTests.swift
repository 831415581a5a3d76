import Testing
import UpgradeOrchestrator
import UpgradePlan

@Suite("ExecutorMachine")
struct ExecutorMachineTests {
    typealias Machine = ExecutorMachine<ManualClock>
    let clock = ManualClock()

    func step(_ id: String, _ kind: StepKind = .cpDrain, after deps: [String] = [], gate: Gate? = nil) -> Step {
        .machine(id, kind, after: deps, gate: gate)
    }

    @Test func runsOnlyStepsWhoseDependenciesAreDoneInPlanOrder() {
        var machine = Machine(
            steps: [step("a"), step("b"), step("c", after: ["a", "b"])], configuration: .init(maxParallel: 4))
        #expect(machine.handle(.start, now: clock.now) == [.run("a", attempt: 1), .run("b", attempt: 1)])
        #expect(machine.handle(.stepSucceeded("a"), now: clock.now) == [])
        #expect(machine.handle(.stepSucceeded("b"), now: clock.now) == [.run("c", attempt: 1)])
        #expect(machine.handle(.stepSucceeded("c"), now: clock.now) == [.finish])
    }

    @Test func boundsStepsInFlight() {
        var machine = Machine(steps: (1...5).map { step("s\($0)") }, configuration: .init(maxParallel: 2))
        #expect(machine.handle(.start, now: clock.now) == [.run("s1", attempt: 1), .run("s2", attempt: 1)])
        #expect(machine.running.count == 2)
        #expect(machine.handle(.stepSucceeded("s2"), now: clock.now) == [.run("s3", attempt: 1)])
        #expect(machine.running == ["s1", "s3"])
    }

    @Test func retriesAfterTheDelayThenRollsBackWhenAttemptsAreExhausted() {
        let configuration = Machine.Configuration(maxParallel: 1, maxAttempts: 2, retryDelay: .seconds(4))
        var machine = Machine(steps: [step("a"), step("b", after: ["a"])], configuration: configuration)
        _ = machine.handle(.start, now: clock.now)
        let retryAt = clock.now.advanced(by: .seconds(4))
        #expect(machine.handle(.stepFailed("a", reason: "503", retryable: true), now: clock.now)
            == [.wait("a", until: retryAt)])
        clock.advance(by: .seconds(4))
        #expect(machine.handle(.timerFired("a"), now: clock.now) == [.run("a", attempt: 2)])
        #expect(machine.handle(.stepFailed("a", reason: "503 again", retryable: true), now: clock.now)
            == [.rollback(failedStep: "a", reason: "503 again")])
        #expect(machine.status["b"] == .pending)
    }

    @Test func haltsPerPolicyAndWaitsForStepsInFlightFirst() {
        let configuration = Machine.Configuration(maxParallel: 2, maxAttempts: 3, onFailure: .halt)
        var machine = Machine(steps: [step("a"), step("b"), step("c", after: ["a"])], configuration: configuration)
        _ = machine.handle(.start, now: clock.now)
        #expect(machine.handle(.stepFailed("a", reason: "409 conflict", retryable: false), now: clock.now) == [])
        #expect(machine.handle(.stepSucceeded("b"), now: clock.now)
            == [.halt(failedStep: "a", reason: "409 conflict")])
        #expect(machine.handle(.stepSucceeded("c"), now: clock.now) == [])
    }

    @Test func soakGateWaitsOnTheClockAfterItsHealthCheck() {
        var machine = Machine(
            steps: [step("g", .gate, gate: .soak(seconds: 600)), step("d", after: ["g"])],
            configuration: .init(timeScale: 100))
        #expect(machine.handle(.start, now: clock.now) == [.run("g", attempt: 1)])
        let until = clock.now.advanced(by: .seconds(6))
        #expect(machine.handle(.stepSucceeded("g"), now: clock.now) == [.wait("g", until: until)])
        #expect(machine.status["d"] == .pending)
        clock.advance(by: .seconds(6))
        #expect(machine.handle(.timerFired("g"), now: clock.now) == [.run("d", attempt: 1)])
    }

    @Test func pausesAtAnApprovalGateUnlessApproved() {
        let steps = [step("a"), step("g", .gate, after: ["a"], gate: .approval), step("b", after: ["g"])]
        var machine = Machine(steps: steps, configuration: .init())
        _ = machine.handle(.start, now: clock.now)
        #expect(machine.handle(.stepSucceeded("a"), now: clock.now) == [.pause(["g"])])

        var approved = Machine(steps: steps, configuration: .init(approved: ["g"]), done: ["a"])
        #expect(approved.handle(.start, now: clock.now) == [.run("g", attempt: 1)])

        var all = Machine(steps: steps, configuration: .init(approveAll: true), done: ["a"])
        #expect(all.handle(.start, now: clock.now) == [.run("g", attempt: 1)])
    }

    @Test func aWizardStepNotObservedWaitsForTheOperatorEvenWithApprovals() {
        let steps = [step("s", .zduSwitch), step("b", after: ["s"]), step("c")]
        var machine = Machine(steps: steps, configuration: .init(approveAll: true, approved: ["s"]))
        #expect(machine.handle(.start, now: clock.now) == [.run("s", attempt: 1), .run("c", attempt: 1)],
            "a wizard step runs (is observed) without approval; approvals do not pass it either")
        #expect(machine.handle(.awaitingOperator("s"), now: clock.now) == [])
        #expect(machine.status["s"] == .awaitingOperator)
        #expect(machine.handle(.stepSucceeded("c"), now: clock.now) == [.pause(["s"])],
            "once nothing else can go on, the run stops for the operator")
        #expect(machine.status["b"] == .pending)

        var resumed = Machine(steps: steps, configuration: .init(), done: ["c"])
        #expect(resumed.handle(.start, now: clock.now) == [.run("s", attempt: 1)], "resume observes it again")
        #expect(resumed.handle(.stepSucceeded("s"), now: clock.now) == [.run("b", attempt: 1)])
    }

    @Test func aSoakWhoseHealthDropsIsAFailedAttemptRetriedFromItsHealthCheck() {
        let configuration = Machine.Configuration(maxAttempts: 2, retryDelay: .seconds(1))
        var machine = Machine(
            steps: [step("g", .gate, gate: .soak(seconds: 60)), step("d", after: ["g"])], configuration: configuration)
        _ = machine.handle(.start, now: clock.now)
        _ = machine.handle(.stepSucceeded("g"), now: clock.now)
        let retryAt = clock.now.advanced(by: .seconds(1))
        #expect(machine.handle(.stepFailed("g", reason: "health dropped", retryable: true), now: clock.now)
            == [.wait("g", until: retryAt)])
        clock.advance(by: .seconds(1))
        #expect(machine.handle(.timerFired("g"), now: clock.now) == [.run("g", attempt: 2)])
        _ = machine.handle(.stepSucceeded("g"), now: clock.now)
        #expect(machine.handle(.stepFailed("g", reason: "health dropped again", retryable: true), now: clock.now)
            == [.rollback(failedStep: "g", reason: "health dropped again")])
        #expect(machine.status["d"] == .pending)
    }

    @Test func resumedStepReissuesItsJournaledAttempt() {
        var machine = Machine(
            steps: [step("a"), step("b", after: ["a"])], configuration: .init(), done: ["a"], attempts: ["b": 1])
        #expect(machine.handle(.start, now: clock.now) == [.run("b", attempt: 2)])
    }
}

/// Retries back off with jitter until AE's documented gaps have passed (a PWP takeover, agents reconnecting), on a
/// manual clock.
@Suite("retry backoff spanning AE's gaps")
struct RetryBackoffTests {
    typealias Machine = ExecutorMachine<ManualClock>

    /// Fails a gate's health check on every attempt and returns the waits between attempts.
    func waits(_ id: String, policy: Policy, floor: Duration) -> [Duration] {
        let clock = ManualClock()
        var configuration = Machine.Configuration(maxParallel: 1, maxAttempts: policy.retries)
        configuration.retryBackoff = UpgradeRun<ManualClock>.retryBackoff(policy, floor: floor)
        var machine = Machine(steps: [.machine(id, .gate, after: [], gate: nil)], configuration: configuration)
        _ = machine.handle(.start, now: clock.now)
        var waits: [Duration] = []
        for _ in 1..<policy.retries {
            let actions = machine.handle(.stepFailed(id, reason: "no PWP", retryable: true), now: clock.now)
            guard case .wait(_, let until)? = actions.first else { break }
            waits.append(clock.now.duration(to: until))
            clock.advance(by: clock.now.duration(to: until))
            _ = machine.handle(.timerFired(id), now: clock.now)
        }
        return waits
    }

    @Test("the retries of a failing health check span at least the PWP takeover and the agents' reconnect")
    func retriesSpanTheLongestGap() {
        var policy = Policy()
        policy.retries = 3
        policy.durations.pwpTakeover = 90
        policy.durations.agentsReconnect = 30
        let first = waits("gate/DC2", policy: policy, floor: .seconds(2))
        #expect(first.count == 2)
        #expect(first.reduce(.zero, +) >= .seconds(90), "\(first)")
        #expect(first[1] > first[0], "the waits grow: \(first)")

        policy.durations.agentsReconnect = 300
        #expect(waits("gate/DC2", policy: policy, floor: .seconds(2)).reduce(.zero, +) >= .seconds(300))
    }

    @Test("the jitter is drawn from the step and attempt: the same failure waits the same, two steps differ")
    func jitterIsDeterministicPerStep() {
        let policy = Policy()
        let dc1 = waits("gate/DC1", policy: policy, floor: .seconds(2))
        #expect(dc1 == waits("gate/DC1", policy: policy, floor: .seconds(2)))
        #expect(dc1 != waits("gate/DC2", policy: policy, floor: .seconds(2)))
    }

    @Test("never shorter than the floor, and every draw of a spanning backoff still covers the gap")
    func floorAndShortestSpan() {
        let backoff = Backoff.spanning(gap: .seconds(60), maxAttempts: 4, floor: .seconds(30))
        #expect(backoff.base == .seconds(30))
        #expect(Backoff.spanning(gap: .seconds(60), maxAttempts: 4, floor: .zero).shortestSpan >= .seconds(60))
        #expect(Backoff.spanning(gap: .seconds(60), maxAttempts: 2, floor: .zero).shortestSpan >= .seconds(60))
    }
}
