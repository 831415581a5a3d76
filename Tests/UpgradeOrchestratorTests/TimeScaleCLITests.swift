import FarmSimulator
import Foundation
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// The simulator's endpoints file carries its time scale: `apply`, `resume`, `rollback` and `status` follow it
/// without `--time-scale`, refuse a different one (exit 64, naming both values and the file, nothing changed), and
/// an endpoints file of real nodes (no scale) leaves `--time-scale` as it is.
@Suite("time scale from the endpoints file", .serialized)
struct TimeScaleCLITests {
    /// `command` against the farm without `--time-scale`, plus `extra`.
    func arguments(_ run: CLIRun, _ command: String, _ extra: [String] = []) -> [String] {
        [command, run.topologyPath, "--endpoints", run.endpoints, "--state-dir", run.state, "--poll-ms", "5",
         "--retry-delay", "0.05"] + extra
    }

    @Test func theSimulatorsEndpointsFileCarriesItsScale() async throws {
        let run = try await CLIRun.start("plans/seed-phase1.yaml")
        await run.farm.stop()
        let data = try Data(contentsOf: URL(fileURLWithPath: run.endpoints))
        let file = try JSONDecoder().decode(FarmEndpoints.self, from: data)
        #expect(file.timeScale == Double(CLIRun.scale))
        let manual = try await SimulatedFarm.start(topology: run.topology, options: SimulationOptions(clock: .manual))
        await manual.stop()
        #expect(manual.endpoints.timeScale == nil, "a manual clock has no scale to follow")
    }

    @Test func applyFollowsTheSimulatorsClockWithoutTheFlag() async throws {
        let run = try await CLIRun.start("plans/seed-phase2.yaml")
        // The first batch (staging) is estimated at 2 simulated minutes: on the wall clock (scale 1) it would not
        // fit in the 60 s left and apply would stop at once for the window; on the simulator's clock (×1000) it
        // takes 0.12 s, so apply stages and goes on to the first wizard step.
        let until = Journal.timestamp(Date().addingTimeInterval(60))
        let apply = try await run.run(arguments(run, "apply", ["--approve-all", "--until", until]))
        await run.farm.stop()
        #expect(apply.status == 75, "stderr: \(apply.stderr)")
        #expect(apply.stderr.contains("simulated farm (\(run.endpoints)): time scale ×1000"))
        let records = try run.records()
        let stages = run.topology.nodes.count
        #expect(records.filter { $0.event == .stepSucceeded && $0.step?.hasSuffix("/binaries.stage") == true }.count
            == stages)
        let paused = try #require(records.last { $0.event == .paused })
        #expect(paused.step == "zdu.dbload")
        #expect(paused.reason?.hasPrefix("wizard:") == true, "paused: \(paused.reason ?? "")")
    }

    @Test func aDifferentTimeScaleIsRefusedAndNothingChanges() async throws {
        let run = try await CLIRun.start("plans/seed-phase1.yaml")
        for command in ["apply", "resume", "rollback", "status"] {
            let refused = try await run.run(arguments(run, command, ["--approve-all", "--time-scale", "10"]))
            #expect(refused.status == 64, "\(command): \(refused.stderr)")
            #expect(refused.stderr.contains(
                "--time-scale 10 contradicts \(run.endpoints), whose simulator runs at --time-scale 1000"),
                "\(command): \(refused.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: run.journalPath), "a refused run wrote a journal")
        let report = await run.farm.report()
        #expect(report.effects.applied == 0, "a refused run changed the farm")

        let same = try await run.run(arguments(run, "status", ["--time-scale", "1000"]))
        await run.farm.stop()
        #expect(same.status != 64, "the simulator's own scale is accepted: \(same.stderr)")
    }

    @Test func realNodesEndpointsFileKeepsTheFlag() async throws {
        let run = try await CLIRun.start("plans/seed-phase1.yaml")
        let real = FarmEndpoints(nodes: run.farm.endpoints.nodes, admin: run.farm.endpoints.admin)
        try JSONEncoder().encode(real).write(to: URL(fileURLWithPath: run.endpoints))
        let status = try await run.run(arguments(run, "status", ["--time-scale", "20"]))
        await run.farm.stop()
        #expect(status.status != 64, "stderr: \(status.stderr)")
        #expect(!status.stderr.contains("simulated farm"))
    }
}
