import FarmSimulator
import Foundation
import UpgradeOrchestrator
import UpgradePlan

/// Runs the real `aeupgrade` binary against an in-process simulated farm: stdout to a file, stderr captured.
struct CLIRun {
    static let scale = 1000
    let topologyPath: String
    let topology: Topology
    let farm: SimulatedFarm
    let state: String
    let endpoints: String

    /// Starts a farm for `topologyPath` (a path under the repository, or absolute).
    static func start(_ topologyPath: String) async throws -> CLIRun {
        let path = topologyPath.hasPrefix("/") ? topologyPath
            : Fixtures.root.appendingPathComponent(topologyPath).path
        let topology = try TopologyLoader.load(path: path)
        let farm = try await SimulatedFarm.start(
            topology: topology, options: SimulationOptions(clock: .scaled(Double(scale))))
        let state = Fixtures.tempDirectory()
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let endpoints = state + "/endpoints.json"
        try JSONEncoder().encode(farm.endpoints).write(to: URL(fileURLWithPath: endpoints))
        return CLIRun(topologyPath: path, topology: topology, farm: farm, state: state, endpoints: endpoints)
    }

    /// A copy of a repository topology with `edit` applied to its text, written to a temporary file.
    static func topology(_ name: String, edit: (String) -> String) throws -> String {
        let text = try String(contentsOf: Fixtures.root.appendingPathComponent(name), encoding: .utf8)
        let path = Fixtures.tempDirectory() + ".yaml"
        try edit(text).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    var journalPath: String { UpgradeRun<ContinuousClock>.journalPath(stateDirectory: state, system: topology.system) }

    /// The journal's records now.
    func records() throws -> [JournalRecord] { try Journal.read(path: journalPath).records }

    /// `command` with the farm's endpoints, the state directory and fast-time flags, plus `extra`.
    func arguments(_ command: String, _ extra: [String] = []) -> [String] {
        [command, topologyPath, "--endpoints", endpoints, "--state-dir", state, "--time-scale", "\(Self.scale)",
         "--poll-ms", "5", "--retry-delay", "0.05"] + extra
    }

    /// Starts the binary; its stdout goes to a file read by `finish`.
    func launch(_ arguments: [String]) throws -> (Process, stdout: String, stderr: Pipe) {
        let process = Process()
        process.executableURL = ChildProcess.binary
        process.arguments = arguments
        let out = Fixtures.tempDirectory() + ".out"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: out)
        let err = Pipe()
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    /// Waits for a launched process: exit status, stdout, stderr.
    static func finish(_ launched: (Process, stdout: String, stderr: Pipe)) async -> (status: Int32, stdout: String,
        stderr: String)
    {
        let child = ChildProcess(process: launched.0, stderr: launched.stderr)
        let (status, stderr) = await child.wait()
        let stdout = (try? String(contentsOfFile: launched.stdout, encoding: .utf8)) ?? ""
        return (status, stdout, stderr)
    }

    /// Runs the binary to its end.
    func run(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        await Self.finish(try launch(arguments))
    }

    /// Polls the journal until `condition` holds or `process` ends (bounded by the process, not by time).
    func waitForJournal(while process: Process, _ condition: ([JournalRecord]) -> Bool) async throws {
        while process.isRunning {
            if let records = try? records(), condition(records) { return }
            try await Task.sleep(for: .milliseconds(1))  // polling the journal file, not timing
        }
    }
}
