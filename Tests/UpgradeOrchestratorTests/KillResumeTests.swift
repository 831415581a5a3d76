import FarmSimulator
import Foundation
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// `aeupgrade apply` killed with SIGKILL at fixed points of its journal, then `aeupgrade resume` (performing each
/// wizard step it stops at, as the operator would). The DB load is performed ahead, so apply runs to the switch.
@Suite("kill -9 and resume", .serialized)
struct KillResumeTests {
    static let scale = 1000

    /// A simulated farm of one seed topology and `aeupgrade apply` running against it.
    struct StartedApply {
        let topologyPath: String
        let topology: Topology
        let farm: SimulatedFarm
        let state: String
        let apply: ChildProcess

        /// The run's journal file.
        var journal: String { UpgradeRun<ContinuousClock>.journalPath(stateDirectory: state, system: topology.system) }
    }

    /// `aeupgrade <command>` against the farm whose endpoints file is in `state`.
    func arguments(_ command: String, topology: String, state: String) -> [String] {
        [command, topology, "--endpoints", state + "/endpoints.json", "--state-dir", state, "--approve-all",
         "--time-scale", "\(Self.scale)", "--poll-ms", "5", "--retry-delay", "0.05"]
    }

    func lineCount(_ path: String) -> Int {
        guard let data = FileManager.default.contents(atPath: path) else { return 0 }
        return data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// Starts a farm of `plans/<name>.yaml` and `aeupgrade apply` against it, then polls the journal until it has
    /// `records` lines or apply has exited.
    func startApply(_ name: String, untilRecords records: Int) async throws -> StartedApply {
        let topologyPath = Fixtures.root.appendingPathComponent("plans/\(name).yaml").path
        let topology = try TopologyLoader.load(path: topologyPath)
        let farm = try await SimulatedFarm.start(
            topology: topology, options: SimulationOptions(clock: .scaled(Double(Self.scale))))
        try await farm.perform(.dbLoad(version: topology.versions.target))
        let state = Fixtures.tempDirectory()
        try JSONEncoder().encode(farm.endpoints).write(to: URL(fileURLWithPath: state + "/endpoints.json"))
        let run = StartedApply(
            topologyPath: topologyPath, topology: topology, farm: farm, state: state,
            apply: try ChildProcess.start(arguments("apply", topology: topologyPath, state: state)))
        while lineCount(run.journal) < records && run.apply.process.isRunning {
            try await Task.sleep(for: .milliseconds(1))  // polling the journal file, not timing
        }
        return run
    }

    /// Runs `aeupgrade resume`, performing each wizard step it stops at (exit 75) and resuming again, to its end;
    /// then reads the farm's availability report and stops the farm.
    func resume(_ run: StartedApply) async throws -> (status: Int32, stderr: String, report: AvailabilityReport) {
        let plan = try Fixtures.plan(run.topologyPath)
        var status: Int32 = 0
        var stderr = ""
        for _ in 0..<5 {
            let resume = try ChildProcess.start(arguments("resume", topology: run.topologyPath, state: run.state))
            (status, stderr) = await resume.wait()
            let paused = try Journal.read(path: run.journal).records.last { $0.event == .paused }
            guard status == 75, let id = paused?.step, paused?.reason?.hasPrefix("wizard: ") == true,
                let step = WizardOperator.step(id, plan: plan)
            else { break }
            try await run.farm.perform(step)
        }
        let report = await run.farm.report()
        await run.farm.stop()
        return (status, stderr, report)
    }

    @Test(arguments: [4, 12, 18])
    func killedApplyResumesWithoutDuplicateEffects(afterRecords: Int) async throws {
        let run = try await startApply("seed-phase2", untilRecords: afterRecords)
        let apply = run.apply
        #expect(apply.process.isRunning, "apply finished before record \(afterRecords)")
        if afterRecords == 4 {
            let second = try ChildProcess.start(arguments("apply", topology: run.topologyPath, state: run.state))
            let (status, stderr) = await second.wait()
            #expect(status == 1)
            #expect(stderr.contains("another run holds"))
            #expect(stderr.contains("pid \(apply.process.processIdentifier)"))
        }
        kill(apply.process.processIdentifier, SIGKILL)
        let killed = await apply.wait()
        #expect(killed.status == SIGKILL)

        let (status, stderr, report) = try await resume(run)
        #expect(status == 0, "resume failed: \(stderr)")
        expectUpgraded(report)
        expectZeroDowntime(report)
    }

    @Test func ctrlCStopsAtASafePointWithExit130ThenResumeFinishes() async throws {
        let run = try await startApply("seed-phase1", untilRecords: 10)
        kill(run.apply.process.processIdentifier, SIGINT)
        let interrupted = await run.apply.wait()
        let records = try Journal.read(path: run.journal).records
        #expect(interrupted.status == 130)
        #expect(records.last?.event == .runFinished)
        #expect(records.last?.outcome == "stopped")
        let state2 = JournalState(records: records)
        #expect(state2.inFlight.isEmpty, "steps in flight were finished before stopping")
        let outOfService = state2.done.filter { $0.hasSuffix("/cp.drain") }
            .filter { !state2.done.contains($0.replacingOccurrences(of: "/cp.drain", with: "/target.verify")) }
        #expect(outOfService.isEmpty, "Ctrl-C finishes the batch in progress: no node is left out of service")

        let (status, stderr, report) = try await resume(run)
        #expect(status == 0, "resume failed: \(stderr)")
        expectUpgraded(report)
        expectZeroDowntime(report)
    }
}
