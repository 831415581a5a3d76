import Foundation
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// The window and approval decisions of `ExecutorMachine`, on a manual clock and the seed phase 2 plan.
@Suite("ExecutorMachine windows")
struct WindowMachineTests {
    typealias Machine = ExecutorMachine<ManualClock>
    let clock = ManualClock()

    /// Drives `machine` as a shell would, each step taking its planned estimate on the clock, until a terminal
    /// action; returns it and the steps started.
    /// Steps of a kind in `operator` are wizard steps whose result is not observed: they wait for the operator.
    func drive(
        _ machine: inout Machine, speed: (StepKind) -> Double = { _ in 1 }, operator: Set<StepKind> = []
    ) -> (Machine.Action, [String]) {
        var queue = machine.handle(.start, now: clock.now)
        var started: [String] = []
        var running: [(id: String, at: ManualClock.Instant)] = []
        var waits: [(id: String, at: ManualClock.Instant)] = []
        let byId = Dictionary(machine.steps.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for _ in 0..<10_000 {
            for action in queue {
                switch action {
                case .run(let id, _) where `operator`.contains(byId[id]!.kind):
                    started.append(id)
                    running.append((id, clock.now))  // observed at once: not done, the operator must act
                case .run(let id, _):
                    started.append(id)
                    let seconds = Double(byId[id]!.estimateSeconds) * speed(byId[id]!.kind)
                    running.append((id, clock.now.advanced(by: .milliseconds(Int(seconds * 1000)))))
                case .wait(let id, let until):
                    waits.append((id, until))
                default:
                    return (action, started)
                }
            }
            let next = (running + waits).min { $0.at < $1.at }!
            if next.at > clock.now { clock.advance(by: clock.now.duration(to: next.at)) }
            if let index = running.firstIndex(where: { $0.id == next.id && $0.at == next.at }) {
                running.remove(at: index)
                let observed = `operator`.contains(byId[next.id]!.kind)
                queue = machine.handle(observed ? .awaitingOperator(next.id) : .stepSucceeded(next.id), now: clock.now)
            } else {
                waits.removeAll { $0.id == next.id && $0.at == next.at }
                queue = machine.handle(.timerFired(next.id), now: clock.now)
            }
        }
        Issue.record("the machine never ended")
        return (.finish, started)
    }

    func plan() throws -> Plan {
        try Fixtures.plan("seed-phase2") { $0.policy.gateBetweenDCs = .none }
    }

    /// The first batch (the unit of the first cp.drain), and a window with room for staging, the DB load and that
    /// batch by their estimates, not for the next batch.
    func firstBatch(_ plan: Plan) throws -> (units: BatchUnits, first: Step, batch: [Step], fits: Duration) {
        let units = BatchUnits(steps: plan.steps)
        let first = try #require(plan.steps.first { $0.kind == .cpDrain })
        let prepare = try #require(plan.steps.first { $0.kind == .zduDBLoad })
        let estimator = DurationEstimator(timeScale: 1)
        let batch = units.steps(inUnitOf: first.id).compactMap(plan.step(id:))
        let fits = estimator.criticalPath(plan.steps.filter { $0.kind == .binariesStage }) + estimator.estimate(prepare)
            + estimator.criticalPath(batch) + .seconds(1)
        return (units, first, batch, fits)
    }

    @Test func windowTooShortForTheNextBatchStopsAtASafePointAndResumeFinishes() throws {
        let plan = try plan()
        // Room for staging, the DB load and the first batch, not for the second.
        let (units, first, batch, left) = try firstBatch(plan)
        var machine = Machine(
            steps: plan.steps,
            configuration: .init(approveAll: true, deadline: clock.now.advanced(by: left)))
        let (action, started) = drive(&machine)
        guard case .windowClosed(let next, let needed, let remaining) = action else {
            Issue.record("got \(action)"); return
        }
        #expect(Set(batch.map(\.id)).isSubset(of: started))
        #expect(next.first.map { units.unit(of: $0) } != units.unit(of: first.id))
        #expect(needed > remaining)
        #expect(machine.running.isEmpty)
        // Safe point: every cp.drain started has its target.verify done.
        for drain in plan.steps where drain.kind == .cpDrain && started.contains(drain.id) {
            let chain = plan.steps.filter { $0.nodes.first == drain.nodes.first && $0.kind == .targetVerify }
            #expect(chain.allSatisfy { machine.status[$0.id] == .done })
        }
        // Resume in the next window: a fresh machine with what is done, no deadline, finishes.
        let done = Set(machine.status.filter { $0.value == .done }.keys)
        var resumed = Machine(steps: plan.steps, configuration: .init(approveAll: true), done: done)
        let (end, rest) = drive(&resumed)
        #expect(end == .finish)
        #expect(Set(rest).isDisjoint(with: done))
    }

    @Test func windowNeverInterruptsAStartedBatch() throws {
        let plan = try plan()
        let (units, _, batch, fits) = try firstBatch(plan)
        let deadline = clock.now.advanced(by: fits)
        // The first batch fits by its estimate when it starts, but its steps take three times as long: the
        // window ends in the middle of it, and it still completes before the run stops.
        var machine = Machine(steps: plan.steps, configuration: .init(approveAll: true, deadline: deadline))
        let (action, started) = drive(&machine) { kind in kind == .binariesStage || kind == .zduDBLoad ? 1 : 3 }
        guard case .windowClosed = action else { Issue.record("got \(action)"); return }
        #expect(clock.now > deadline)
        #expect(batch.allSatisfy { started.contains($0.id) })
        for unit in Set(started.map(units.unit(of:))) {
            let members = units.steps(inUnitOf: unit)
            #expect(members.allSatisfy { machine.status[$0] == .done }, "unit \(unit) left unfinished")
        }
    }

    @Test func closedWindowStartsNothing() throws {
        let plan = try plan()
        var machine = Machine(steps: plan.steps, configuration: .init(approveAll: true, deadline: clock.now))
        let actions = machine.handle(.start, now: clock.now)
        guard case .windowClosed(let next, _, let left) = actions.first else { Issue.record("got \(actions)"); return }
        #expect(left == .zero)
        #expect(next == [plan.steps[0].id])
    }

    @Test func measuredDurationsRefineTheEstimate() {
        var estimator = DurationEstimator(timeScale: 10)
        let start = Step(id: "x", kind: .targetStart, nodes: ["N"], dependsOn: [], estimateSeconds: 300,
            inverse: nil)
        #expect(estimator.estimate(start) == .seconds(30))
        estimator.record(.targetStart, plannedSeconds: 300, actual: .seconds(60))
        #expect(estimator.estimate(start) == .seconds(60))
        let stop = Step(id: "y", kind: .wpStop, nodes: ["N"], dependsOn: [], estimateSeconds: 100,
            inverse: nil)
        #expect(estimator.estimate(stop) == .seconds(20))  // no sample for the kind: the overall ratio
    }

    @Test func aWizardStepNotObservedStopsTheRunBeforeTheBatchesAfterIt() throws {
        let plan = try Fixtures.plan("seed-phase2") { $0.policy.gateBetweenDCs = .none }
        var machine = Machine(steps: plan.steps, configuration: .init(approveAll: true))
        let (action, started) = drive(&machine, operator: [.zduSwitch])
        #expect(action == .pause(["zdu.switch"]))
        let after = plan.steps.filter { $0.dependsOn.contains("zdu.switch") }.map(\.id)
        #expect(!after.isEmpty && after.allSatisfy { !started.contains($0) })
        #expect(machine.running.isEmpty)
        #expect(machine.status["zdu.switch"] == .awaitingOperator)
    }
}
