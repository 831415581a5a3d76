import ArgumentParser
import Foundation
import UpgradeOrchestrator
import UpgradePlan

/// Options shared by `apply`, `resume`, `rollback` and `status`: the input, where state lives, how to reach nodes.
struct RunOptionsGroup: ParsableArguments {
    @Argument(help: "A topology file (planned now) or a saved plan (plan.json).")
    var input: String

    @Option(name: .long, help: "Directory of the journal and the lock.")
    var stateDir: String = ".aeupgrade"

    @OptionGroup var stateOptions: StateOptionsGroup

    @Option(name: .long, help: "Endpoints file ({\"nodes\": {name: url}, \"admin\": url}); overrides the topology's endpoints.")
    var endpoints: String?

    @Option(name: .long, help: "Steps in flight at once (default: the node count; the plan bounds nodes down).")
    var parallel: Int?

    @Flag(name: .long, help: "Approve every approval gate instead of pausing; wizard steps still stop the run (exit 75).")
    var approveAll = false

    @Flag(name: .long, help: "Continue from the observed state when it contradicts the plan or the journal.")
    var acceptDrift = false

    @Option(name: .long, help: "File holding the bearer token (else the AEUPGRADE_TOKEN environment variable).")
    var tokenFile: String?

    @Option(name: .long, help: "CA bundle (PEM) to trust for the nodes' TLS certificates.")
    var cacert: String?

    @Option(name: .long, help: "Client certificate (PEM) for mTLS; needs --key.")
    var cert: String?

    @Option(name: .long, help: "Private key (PEM) of the client certificate.")
    var key: String?

    @Option(name: .long, help: ArgumentHelp("Divide soaks, retry delays and deadlines by this (simulated farms).",
        visibility: .hidden))
    var timeScale: Double = 1

    @Option(name: .long, help: ArgumentHelp("Milliseconds between polls.", visibility: .hidden))
    var pollMs: Int = 250

    @Option(name: .long, help: ArgumentHelp("Seconds between a failed attempt and the next, before scaling.",
        visibility: .hidden))
    var retryDelay: Double = 2

    func validate() throws {
        if let parallel, parallel < 1 { throw ValidationError("--parallel must be at least 1") }
        if (cert == nil) != (key == nil) { throw ValidationError("--cert and --key go together (mTLS)") }
        if timeScale <= 0 { throw ValidationError("--time-scale must be positive") }
        if pollMs < 1 { throw ValidationError("--poll-ms must be at least 1") }
    }

    /// The run options these flags describe.
    var runOptions: RunOptions {
        get throws {
            var options = RunOptions(
                stateDirectory: stateDir, parallel: parallel, approveAll: approveAll, acceptDrift: acceptDrift,
                timeScale: timeScale, pollInterval: .milliseconds(pollMs),
                retryDelay: .milliseconds(Int(retryDelay * 1000)))
            options.state = try stateOptions.backend(stateDir: stateDir)
            options.takeOverFarm = stateOptions.takeOverFarm
            return options
        }
    }

    /// The plan: the saved plan as it stands, or a plan made now from the topology; with `validating`, a plan the
    /// validator does not prove safe is refused (exit 3) with its counterexample.
    func loadPlan(validating: Bool = false) throws -> Plan {
        let file: InputFile
        do { file = try InputFile.load(path: input) } catch { throw CommandFailure(error.description) }
        var plan: Plan
        switch file {
        case .plan(let saved):
            plan = saved
        case .topology(let topology):
            do {
                plan = try Planner.plan(topology)
                plan.topologyHash = TopologyHash.of(topology)
            } catch {
                throw CommandFailure(error.description, code: ExitCodes.invalidPlan)
            }
        }
        if validating, case .invalid(let violation) = Validator.validate(plan) {
            throw CommandFailure("the plan is not safe to apply:\n\(violation.description)", code: ExitCodes.invalidPlan)
        }
        return plan
    }

    /// A libcurl client for the plan's nodes (endpoints from the topology, overridden by --endpoints).
    func client(for plan: Plan) throws -> CurlNodeClient {
        var map = Dictionary(plan.topology.nodes.map { ($0.name, $0.endpoint) }, uniquingKeysWith: { a, _ in a })
        if let endpoints {
            guard let data = FileManager.default.contents(atPath: endpoints),
                let file = try? JSONDecoder().decode(EndpointsFile.self, from: data)
            else { throw CommandFailure("\(endpoints): not an endpoints file ({\"nodes\": {name: url}})") }
            map.merge(file.nodes) { _, new in new }
        }
        return CurlNodeClient(
            endpoints: map, token: try token(),
            tls: TLSOptions(caFile: cacert, certFile: cert, keyFile: key))
    }

    private func token() throws -> BearerToken? {
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw CommandFailure("\(tokenFile): cannot read the token file")
            }
            return BearerToken(text)
        }
        return ProcessInfo.processInfo.environment["AEUPGRADE_TOKEN"].map(BearerToken.init)
    }
}

/// The simulator's endpoints file.
struct EndpointsFile: Decodable {
    var nodes: [String: String]
    var admin: String?
}

/// A failure already explained to the operator: message on stderr, then the exit code.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    var code: ExitCode

    init(_ description: String, code: ExitCode = ExitCodes.error) {
        self.description = description
        self.code = code
    }
}

extension CommandFailure {
    /// Runs a command's body; a `CommandFailure` is printed on stderr as `error: …` and exits with its code.
    static func reporting(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("error: \(failure.description)\n".utf8))
            throw failure.code
        }
    }
}
