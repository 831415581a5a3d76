import ArgumentParser
import Foundation
import UpgradeOrchestrator
import UpgradePlan

/// `aeupgrade report`: the journal of a run (and the simulator's availability report) as a text summary, and as an
/// HTML page with an SVG timeline.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Summarise a run from its journal: planned vs actual per step kind, ZDU time, gates, failures, "
            + "rollback, availability; --html writes a page with a timeline.")

    @Argument(help: "The topology file or saved plan (plan.json) the run used.")
    var input: String

    @Option(name: .long, help: "Directory of the journal (as given to apply).")
    var stateDir: String = ".aeupgrade"

    @OptionGroup var stateOptions: StateOptionsGroup

    @Option(name: .long, help: "Write the HTML report (self-contained page with an SVG timeline) to this file.")
    var html: String?

    @Option(name: .long, help: "The simulator's availability report saved as JSON (aeupgrade-sim --report-out).")
    var availability: String?

    @Option(name: .long, help: "The simulator's admin URL; its availability report is fetched from <URL>/report.")
    var admin: String?

    @Option(name: .long, help: ArgumentHelp(
        "The simulator's endpoints file the run used: durations on its clock are shown as simulated time.",
        valueName: "file"))
    var endpoints: String?

    @Option(name: .customLong("time-scale"), help: ArgumentHelp(
        "The time scale of the simulated farm the run used (default: the --endpoints file's timeScale, else the one "
            + "the last run journaled, else 1).",
        valueName: "N"))
    var timeScaleFlag: Double?

    /// Checks the flags and takes the simulator's time scale from --endpoints (a --time-scale that contradicts it
    /// is a usage error: exit 64).
    mutating func validate() throws {
        if let timeScaleFlag, !(timeScaleFlag > 0 && timeScaleFlag.isFinite) {
            throw ValidationError("--time-scale must be a positive number")
        }
        if availability != nil && admin != nil {
            throw ValidationError("--availability and --admin both give the availability report: pass one")
        }
        timeScaleFlag = try EndpointsFile.timeScale(flag: timeScaleFlag, endpoints: endpoints)
    }

    func run() async throws {
        do {
            if let endpoints { _ = try EndpointsFile.load(endpoints) }
            let plan = try loadPlan()
            let backend = try stateOptions.backend(stateDir: stateDir)
            let path = backend.location(system: plan.system)
            if stateOptions.url == nil, !FileManager.default.fileExists(atPath: path) {
                throw CommandFailure(ReportError.noJournal(path: path).description)
            }
            let read: JournalRead
            do { read = try await backend.read(system: plan.system) } catch { throw CommandFailure(error.description) }
            if read.records.isEmpty, stateOptions.url != nil {
                throw CommandFailure(ReportError.noJournal(path: path).description)
            }
            for warning in read.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
            let report = RunReport(
                plan: plan, records: read.records, availability: try await figures(), timeScale: timeScaleFlag)
            print("journal: \(path)")
            if let journaled = report.planHash, journaled != PlanIdentity.hash(plan) {
                let warning = "warning: \(path) was written for plan \(journaled.prefix(12)), not for \(input) "
                    + "(plan \(PlanIdentity.hash(plan).prefix(12))): steps and estimates may not match\n"
                FileHandle.standardError.write(Data(warning.utf8))
            }
            for line in report.textLines { print(line) }
            if let html {
                do {
                    try Data(ReportHTML.render(report).utf8).write(to: URL(fileURLWithPath: html), options: .atomic)
                } catch {
                    throw CommandFailure(ReportError.write(path: html, message: error.localizedDescription).description)
                }
                print("html report: \(html)")
            }
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("error: \(failure.description)\n".utf8))
            throw failure.code
        }
    }

    /// The plan the journal belongs to: the saved plan, or the plan made now from the topology.
    private func loadPlan() throws -> Plan {
        let file: InputFile
        do { file = try InputFile.load(path: input) } catch { throw CommandFailure(error.description) }
        switch file {
        case .plan(let plan):
            return plan
        case .topology(let topology):
            do {
                var plan = try Planner.plan(topology)
                plan.topologyHash = TopologyHash.of(topology)
                return plan
            } catch {
                throw CommandFailure(error.description, code: ExitCodes.invalidPlan)
            }
        }
    }

    /// The availability figures from --availability or --admin, nil when neither is given.
    private func figures() async throws -> AvailabilityFigures? {
        if let availability {
            guard let data = FileManager.default.contents(atPath: availability) else {
                throw CommandFailure(ReportError.availability(source: availability, message: "cannot read the file")
                    .description)
            }
            do { return try AvailabilityFigures.decode(data, source: availability) } catch {
                throw CommandFailure(error.description)
            }
        }
        guard let admin else { return nil }
        let url = (admin.hasSuffix("/") ? String(admin.dropLast()) : admin) + "/report"
        let transport = CurlTransport(
            workers: 1, connectTimeout: .seconds(5), totalTimeout: .seconds(30), tls: TLSOptions())
        let response: HTTPResponse
        do {
            response = try await transport.perform(HTTPRequest(method: "GET", url: url))
        } catch let failure as TransportFailure {
            throw CommandFailure(ReportError.availability(source: url, message: failure.message).description)
        }
        guard response.status == 200 else {
            throw CommandFailure(ReportError.availability(source: url, message: "HTTP \(response.status)").description)
        }
        do { return try AvailabilityFigures.decode(Data(response.body), source: url) } catch {
            throw CommandFailure(error.description)
        }
    }
}
