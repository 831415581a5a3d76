import ArgumentParser
import FarmSimulator
import Foundation
import NodeServerKit
import UpgradePlan

/// `aeupgrade-sim`: runs a simulated AE farm of a topology on 127.0.0.1 until SIGINT/SIGTERM, then prints the
/// availability report.
@main
struct AEUpgradeSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aeupgrade-sim",
        abstract: "Run a simulated Automic AE farm behind the node contract (spec/node-api.yaml) on 127.0.0.1.",
        discussion: """
            One listener per node (ephemeral ports unless --use-topology-ports) and one admin listener
            (GET /report, GET|POST|DELETE /faults, POST /clock, and the ZDU wizard's steps as the operator does
            them in the AWI: POST /zdu/dbload {"version"}, /zdu/switch, /zdu/finalize, /zdu/rollback; a topology
            node with simulatedWizard: [dbload, switch, ...] also performs them on POST /v1/wizard/{step}, as a
            site's own automation would). Runs until
            SIGINT or SIGTERM, then prints the availability report and exits 0. Exit codes: 0 done, 1 bad topology
            or a port could not be bound, 64 usage.
            """)

    /// The topology YAML file.
    @Argument(help: "Topology YAML file (e.g. plans/seed-phase1.yaml).")
    var topology: String

    /// Simulated seconds per real second.
    @Option(help: "Simulated seconds per real second (100: five simulated minutes take three seconds).")
    var timeScale: Double = 100

    /// Freeze the clock: time moves only by POST <admin>/clock.
    @Flag(help: "Freeze simulated time; advance it with POST <admin>/clock {\"advanceSeconds\": N}.")
    var manualClock = false

    /// Where to write the endpoints JSON.
    @Option(help: "Write {\"nodes\": {...}, \"admin\": ...} here (atomically, once every listener is up).")
    var endpointsOut: String?

    /// Where to write the report JSON at exit.
    @Option(help: "Also write the availability report as JSON here at exit.")
    var reportOut: String?

    /// Bearer token the node endpoints require.
    @Option(help: "Bearer token every /v1 request must carry (401 otherwise).")
    var token: String?

    /// Seed of the random choices.
    @Option(help: "Seed of the random choices (5xx faults, job phases): same seed, same run.")
    var seed: UInt64 = 1

    /// Duration overrides, `name=seconds`.
    @Option(
        name: .customLong("duration"),
        help: ArgumentHelp(
            "Override a duration of policy.durations, e.g. --duration processesStart=60 (seconds; s/m/h suffix ok).",
            discussion: "Names: \(DurationOverride.names)."))
    var durationOverrides: [String] = []

    /// Bind the topology's ports.
    @Flag(help: "Listen on the ports of the topology's endpoints when they are free (else ephemeral).")
    var useTopologyPorts = false

    func validate() throws {
        guard timeScale > 0, timeScale.isFinite else { throw ValidationError("--time-scale must be a positive number") }
        if let token, token.isEmpty { throw ValidationError("--token must not be empty") }
        _ = try DurationOverride.apply(durationOverrides, to: Durations())
    }

    func run() async throws {
        let loaded: Topology
        do {
            loaded = try TopologyLoader.load(path: topology)
        } catch {
            FileHandle.standardError.write(Data("aeupgrade-sim: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        let options = SimulationOptions(
            clock: manualClock ? .manual : .scaled(timeScale), token: token, seed: seed,
            useTopologyPorts: useTopologyPorts,
            durations: durationOverrides.isEmpty
                ? nil : try DurationOverride.apply(durationOverrides, to: loaded.policy.durations))
        let farm: SimulatedFarm
        do {
            farm = try await SimulatedFarm.start(topology: loaded, options: options)
        } catch {
            FileHandle.standardError.write(Data("aeupgrade-sim: \(error)\n".utf8))
            throw ExitCode(1)
        }
        for note in farm.notes { FileHandle.standardError.write(Data("aeupgrade-sim: \(note)\n".utf8)) }
        let names = loaded.nodes.map(\.name)
        let shown = names.prefix(10).map { "  \($0) \(farm.endpoints.nodes[$0] ?? "?")" }
        print("aeupgrade-sim: \(loaded.system), \(names.count) nodes, admin \(farm.endpoints.admin)")
        print(shown.joined(separator: "\n") + (names.count > 10 ? "\n  … and \(names.count - 10) more" : ""))
        fflush(nil)
        if let endpointsOut { try writeAtomically(farm.endpoints, to: endpointsOut) }
        await SignalWaiter.waitForTermination()
        let report = await farm.report()
        await farm.stop()
        if let reportOut { try writeAtomically(report, to: reportOut) }
        print(report.summary)
    }

    /// Writes JSON to a temporary file next to `path`, then renames it into place.
    private func writeAtomically(_ value: some Encodable, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        try encoder.encode(value).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else {
            throw ValidationError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
