import FarmSimulator
import Foundation
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// `aeupgrade apply` killed with SIGKILL at fixed points of its journal, then `aeupgrade resume`.
@Suite("kill -9 and resume", .serialized)
struct KillResumeTests {
    static let scale = 1000

    func arguments(_ command: String, topology: String, endpoints: String, state: String) -> [String] {
        [command, topology, "--endpoints", endpoints, "--state-dir", state, "--approve-all",
         "--time-scale", "\(Self.scale)", "--poll-ms", "5", "--retry-delay", "0.05"]
    }

    func lineCount(_ path: String) -> Int {
        guard let data = FileManager.default.contents(atPath: path) else { return 0 }
        return data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    @Test(arguments: [4, 19, 47])
    func killedApplyResumesWithoutDuplicateEffects(afterRecords: Int) async throws {
        let topologyPath = Fixtures.root.appendingPathComponent("plans/seed-phase2.yaml").path
        let topology = try TopologyLoader.load(path: topologyPath)
        let farm = try await SimulatedFarm.start(
            topology: topology, options: SimulationOptions(clock: .scaled(Double(Self.scale))))
        let state = Fixtures.tempDirectory()
        let endpoints = state + "/endpoints.json"
        try JSONEncoder().encode(farm.endpoints).write(to: URL(fileURLWithPath: endpoints))
        let journal = UpgradeRun<ContinuousClock>.journalPath(stateDirectory: state, system: topology.system)

        let apply = try ChildProcess.start(arguments("apply", topology: topologyPath, endpoints: endpoints, state: state))
        while lineCount(journal) < afterRecords && apply.process.isRunning {
            try await Task.sleep(for: .milliseconds(1))  // polling the journal file, not timing
        }
        #expect(apply.process.isRunning, "apply finished before record \(afterRecords)")
        if afterRecords == 4 {
            let second = try ChildProcess.start(
                arguments("apply", topology: topologyPath, endpoints: endpoints, state: state))
            let (status, stderr) = await second.wait()
            #expect(status == 1)
            #expect(stderr.contains("another run holds"))
            #expect(stderr.contains("pid \(apply.process.processIdentifier)"))
        }
        kill(apply.process.processIdentifier, SIGKILL)
        let killed = await apply.wait()
        #expect(killed.status == SIGKILL)

        let resume = try ChildProcess.start(arguments("resume", topology: topologyPath, endpoints: endpoints, state: state))
        let (status, stderr) = await resume.wait()
        let report = await farm.report()
        await farm.stop()
        #expect(status == 0, "resume failed: \(stderr)")
        #expect(report.effects.duplicates == 0)
        #expect(report.jobs.lost == 0)
        #expect(report.nodes.allSatisfy { $0.installedVersion == topology.versions.target })
        #expect(report.netAreas.allSatisfy { $0.home == $0.agents })
    }

    @Test func ctrlCStopsAtASafePointWithExit130ThenResumeFinishes() async throws {
        let topologyPath = Fixtures.root.appendingPathComponent("plans/seed-phase1.yaml").path
        let topology = try TopologyLoader.load(path: topologyPath)
        let farm = try await SimulatedFarm.start(
            topology: topology, options: SimulationOptions(clock: .scaled(Double(Self.scale))))
        let state = Fixtures.tempDirectory()
        let endpoints = state + "/endpoints.json"
        try JSONEncoder().encode(farm.endpoints).write(to: URL(fileURLWithPath: endpoints))
        let journal = UpgradeRun<ContinuousClock>.journalPath(stateDirectory: state, system: topology.system)
        let apply = try ChildProcess.start(arguments("apply", topology: topologyPath, endpoints: endpoints, state: state))
        while lineCount(journal) < 10 && apply.process.isRunning {
            try await Task.sleep(for: .milliseconds(1))  // polling the journal file, not timing
        }
        kill(apply.process.processIdentifier, SIGINT)
        let interrupted = await apply.wait()
        let records = try Journal.read(path: journal).records
        #expect(interrupted.status == 130)
        #expect(records.last?.event == .runFinished)
        #expect(records.last?.outcome == "stopped")
        let state2 = JournalState(records: records)
        #expect(state2.inFlight.isEmpty, "steps in flight were finished before stopping")
        let outOfService = state2.done.filter { $0.hasSuffix("/cp.standby") }
            .filter { !state2.done.contains($0.replacingOccurrences(of: "/cp.standby", with: "/agents.await-home")) }
        #expect(outOfService.isEmpty, "Ctrl-C finishes the batch in progress: no node is left out of service")

        let resume = try ChildProcess.start(arguments("resume", topology: topologyPath, endpoints: endpoints, state: state))
        let (status, stderr) = await resume.wait()
        let report = await farm.report()
        await farm.stop()
        #expect(status == 0, "resume failed: \(stderr)")
        #expect(report.effects.duplicates == 0)
        #expect(report.nodes.allSatisfy { $0.installedVersion == topology.versions.target })
    }
}
