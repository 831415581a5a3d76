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

    @Option(name: .long, help: ArgumentHelp(
        "Endpoints file ({\"nodes\": {name: url}, \"admin\": url, \"timeScale\": N}); overrides the topology's "
            + "endpoints.", valueName: "file"))
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

    @OptionGroup var access: NodeAccessOptions

    @Option(name: .customLong("time-scale"), help: ArgumentHelp(
        "Simulated seconds per real second of a simulated farm (default: the endpoints file's timeScale, else 1).",
        valueName: "N"))
    var timeScaleFlag: Double?

    @Option(name: .long, help: ArgumentHelp("Milliseconds between two polls of an operation or node.",
        valueName: "ms"))
    var pollMs: Int = 250

    @Option(name: .long, help: ArgumentHelp(
        "Seconds from a failed attempt of a step to the next (divided by the time scale).", valueName: "s"))
    var retryDelay: Double = 2

    /// The time scale of the run: the simulator's (from the endpoints file) or --time-scale, else 1.
    var timeScale: Double { timeScaleFlag ?? 1 }

    /// Checks the flags and takes the simulator's time scale from the endpoints file (a --time-scale that
    /// contradicts it is a usage error: exit 64). An endpoints file that cannot be read is reported later, when
    /// the nodes are needed.
    mutating func validate() throws {
        if let parallel, parallel < 1 { throw ValidationError("--parallel must be at least 1") }
        if (cert == nil) != (key == nil) { throw ValidationError("--cert and --key go together (mTLS)") }
        if let timeScaleFlag, !(timeScaleFlag > 0 && timeScaleFlag.isFinite) {
            throw ValidationError("--time-scale must be a positive number")
        }
        if pollMs < 1 { throw ValidationError("--poll-ms must be at least 1") }
        if !(retryDelay >= 0 && retryDelay.isFinite) { throw ValidationError("--retry-delay must be 0 or more") }
        timeScaleFlag = try EndpointsFile.timeScale(flag: timeScaleFlag, endpoints: endpoints)
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

    /// A libcurl client for the plan's nodes (endpoints from the topology, overridden by --endpoints); says on
    /// stderr when the endpoints file is a simulator's, whose clock the run follows.
    func client(for plan: Plan) throws -> CurlNodeClient {
        var map = Dictionary(plan.topology.nodes.map { ($0.name, $0.endpoint) }, uniquingKeysWith: { a, _ in a })
        if let endpoints {
            let file = try EndpointsFile.load(endpoints)
            let merged = try file.merged(into: map, path: endpoints)
            map = merged.endpoints
            for note in merged.notes { FileHandle.standardError.write(Data("aeupgrade: \(note)\n".utf8)) }
            if let scale = file.timeScale {
                let note = "aeupgrade: simulated farm (\(endpoints)): time scale ×\(EndpointsFile.format(scale)), "
                    + "soaks, retry delays and deadlines follow the simulator's clock\n"
                FileHandle.standardError.write(Data(note.utf8))
            }
        }
        let token = try token()
        let tls = TLSOptions(caFile: cacert, certFile: cert, keyFile: key)
        try access.check(endpoints: map, token: token, tls: tls)
        return CurlNodeClient(endpoints: map, token: token, tls: tls, insecureToken: access.insecureToken)
    }

    /// The bearer token from --token-file or AEUPGRADE_TOKEN; the variable is then removed from this process's
    /// environment, so no command it starts (hooks) inherits the token.
    private func token() throws -> BearerToken? {
        let fromEnvironment = ProcessInfo.processInfo.environment["AEUPGRADE_TOKEN"]
        unsetenv("AEUPGRADE_TOKEN")
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw CommandFailure("\(tokenFile): cannot read the token file")
            }
            return BearerToken(text)
        }
        return fromEnvironment.map(BearerToken.init)
    }
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
