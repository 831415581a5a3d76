import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// `aeupgrade apply` killed with SIGKILL while a step's operation runs on a node, then `rollback` or `resume` at
/// once. The farm's clock is manual: the test moves it (2 simulated seconds per millisecond or so) and holds it
/// still from the moment a step of the wanted kind is journaled until the kill, so the operation is certainly still
/// running when apply dies and when the next command starts.
@Suite("kill -9 while an operation runs, then rollback or resume at once", .serialized)
struct KillInFlightTests {
    /// The step kinds that start an operation on a node in a forward walk.
    static let kinds: [StepKind] = [.binariesStage, .cpDrain, .wpStop, .targetStart]

    /// Moves a manual farm clock forward in small steps until paused or cancelled.
    actor Ticker {
        private(set) var paused = false
        func pause(_ value: Bool) { paused = value }
    }

    /// A farm, its clock driver, the state directory and the killed apply's journal.
    struct Killed {
        let topologyPath: String
        let plan: Plan
        let farm: SimulatedFarm
        let ticker: Ticker
        let driver: Task<Void, Never>
        let state: String
        /// The step whose operation ran when apply was killed.
        let step: String
        /// The node it ran on.
        let node: String

        var journal: String { UpgradeRun<ContinuousClock>.journalPath(stateDirectory: state, system: plan.system) }

        func stop() async {
            driver.cancel()
            await farm.stop()
        }
    }

    func arguments(_ command: String, _ run: (topology: String, state: String)) -> [String] {
        [command, run.topology, "--endpoints", run.state + "/endpoints.json", "--state-dir", run.state,
         "--approve-all", "--time-scale", "1000", "--poll-ms", "5", "--retry-delay", "0.05"]
    }

    /// Starts apply on a farm of `plans/<name>.yaml` (DB load done ahead) and kills it while the operation of its
    /// first step of `kind` runs on the node (for a kind that only observes: once the step started).
    func killDuring(_ kind: StepKind, farm name: String) async throws -> Killed {
        let topologyPath = Fixtures.root.appendingPathComponent("plans/\(name).yaml").path
        let plan = try Fixtures.plan(topologyPath)
        let farm = try await SimulatedFarm.start(topology: plan.topology, options: SimulationOptions(clock: .manual))
        try await farm.perform(.dbLoad(version: plan.topology.versions.target))
        let state = Fixtures.tempDirectory()
        try JSONEncoder().encode(farm.endpoints).write(to: URL(fileURLWithPath: state + "/endpoints.json"))
        let ticker = Ticker()
        // The farm's time runs at least as fast as the runs' --time-scale 1000 says, however slowly this loop turns
        // on a loaded machine: a resume's deadlines are real time divided by the scale.
        let driver = Task {
            var last = ContinuousClock.now
            while !Task.isCancelled {
                let now = ContinuousClock.now
                let elapsed = now - last
                last = now
                let scaled = (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18) * 1000
                if await !ticker.paused { await farm.advance(seconds: max(2, scaled)) }
                try? await Task.sleep(for: .milliseconds(1))
            }
        }
        let apply = try ChildProcess.start(arguments("apply", (topologyPath, state)))
        let journal = UpgradeRun<ContinuousClock>.journalPath(stateDirectory: state, system: plan.system)
        let planHash = PlanIdentity.hash(plan)
        while apply.process.isRunning {
            let records = (try? Journal.read(path: journal).records) ?? []
            let succeeded = Set(records.filter { $0.event == .stepSucceeded }.compactMap(\.step))
            if let started = records.last(where: { record in
                record.event == .stepStarted && record.step.flatMap { plan.step(id: $0)?.kind } == kind
            })?.step, !succeeded.contains(started) {
                let node = plan.step(id: started)?.nodes.first ?? ""
                await ticker.pause(true)
                if Postcondition.isObserveOnly(kind) {  // no operation: killed while it observes
                    kill(apply.process.processIdentifier, SIGKILL)
                    _ = await apply.wait()
                    return Killed(
                        topologyPath: topologyPath, plan: plan, farm: farm, ticker: ticker, driver: driver,
                        state: state, step: started, node: node)
                }
                let key = IdempotencyKey.make(planHash: planHash, stepId: started)
                // The clock stands still: once the POST arrived, its operation runs until the clock moves again.
                while apply.process.isRunning {
                    let running = await farm.inspect { $0.operations(keyPrefix: key, state: .running, on: node) }
                    if !running.isEmpty {
                        kill(apply.process.processIdentifier, SIGKILL)
                        _ = await apply.wait()
                        return Killed(
                            topologyPath: topologyPath, plan: plan, farm: farm, ticker: ticker, driver: driver,
                            state: state, step: started, node: node)
                    }
                    try await Task.sleep(for: .milliseconds(1))  // waiting for apply's POST to arrive
                }
            }
            try await Task.sleep(for: .milliseconds(1))  // polling the journal file
        }
        driver.cancel()
        await farm.stop()
        throw KillFailure(detail: "apply ended (\(apply.process.terminationStatus)) before a \(kind.rawValue) ran")
    }

    struct KillFailure: Error, CustomStringConvertible {
        let detail: String
        var description: String { detail }
    }

    /// Runs `command`, then resumes after each wizard step it stops at (performed as the operator would), to its
    /// end; returns the last exit status and stderr.
    func drive(
        _ command: String, _ run: Killed, _ first: [String] = []
    ) async throws -> (status: Int32, stderr: String) {
        var extra = first
        var status: Int32 = 0
        var stderr = ""
        var next = command
        for _ in 0..<6 {
            let child = try ChildProcess.start(arguments(next, (run.topologyPath, run.state)) + extra)
            (status, stderr) = await child.wait()
            let paused = try Journal.read(path: run.journal).records.last { $0.event == .paused }
            guard status == 75, let id = paused?.step, paused?.reason?.hasPrefix("wizard: ") == true,
                let step = WizardOperator.step(id, plan: run.plan)
            else { break }
            try await run.farm.perform(step)
            next = "resume"
            extra = []
        }
        return (status, stderr)
    }

    /// Every kind that starts an operation on both seed farms; on seed phase 1 the node kinds that only observe
    /// (the gates come after the wizard's switch, where apply has stopped for the operator).
    static let cases: [(String, StepKind)] = ["seed-phase1", "seed-phase2"].flatMap { farm in
        kinds.map { (farm, $0) }
    } + [StepKind.agentsAwaitReconnect, .targetVerify].map { ("seed-phase1", $0) }

    @Test("resume at once finishes the upgrade with zero downtime", arguments: cases)
    func resumeAtOnce(farm name: String, kind: StepKind) async throws {
        let run = try await killDuring(kind, farm: name)
        await run.ticker.pause(false)
        let (status, stderr) = try await drive("resume", run)
        let report = await run.farm.report()
        await run.stop()
        #expect(status == 0, "resume after a kill during \(run.step): \(stderr)")
        expectUpgraded(report)
        expectZeroDowntime(report)
    }

    @Test("rollback at once waits for the operation, leaves no target process running, and apply takes over",
          arguments: cases)
    func rollbackAtOnce(farm name: String, kind: StepKind) async throws {
        let run = try await killDuring(kind, farm: name)
        await run.ticker.pause(false)
        let rollback = try ChildProcess.start(arguments("rollback", (run.topologyPath, run.state)))
        let (status, stderr) = await rollback.wait()
        #expect(status == 0, "rollback after a kill during \(run.step): \(stderr)")
        let records = try Journal.read(path: run.journal).records
        #expect(records.last?.outcome == RunOutcome.rolledBack.rawValue, "\(records.last?.reason ?? "")")
        let nodes = run.plan.topology.nodes.map(\.name)
        let targetRunning = await run.farm.inspect { model in
            nodes.flatMap { model.nodeState($0)?.processes ?? [] }
                .filter { $0.id.contains("@") && $0.state == .running }.map(\.id)
        }
        let stillRunning = await run.farm.inspect { model in
            nodes.flatMap { model.operations(keyPrefix: "", state: .running, on: $0) }
        }
        #expect(targetRunning.isEmpty, "target processes run after the rollback: \(targetRunning)")
        #expect(stillRunning.isEmpty, "operations still run after the rollback: \(stillRunning.map(\.action))")

        // After a finished fallback a new attempt is the operator's decision: `apply --continue` where apply asks
        // for it.
        var (again, againErr) = try await drive("apply", run)
        if again == 1, againErr.contains("apply --continue") {
            (again, againErr) = try await drive("apply", run, ["--continue"])
        }
        let report = await run.farm.report()
        await run.stop()
        #expect(again == 0, "apply after the rollback: \(againErr)")
        expectUpgraded(report)
    }
}
