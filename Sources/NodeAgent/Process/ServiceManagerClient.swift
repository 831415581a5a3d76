/// Process control through the ServiceManager CLI (docs/ae-model.md AE-SM-1):
/// `ucybsmcl -c GET_PROCESS_LIST|START_PROCESS|STOP_PROCESS -h host:port -n phrase [-p password] [-s service]
/// [-m C|A]`. Mode S (system shutdown) cannot be expressed: `StopMode` has no such case.
public struct ServiceManagerClient: Sendable {
    /// The CLI's configuration.
    public let config: ServiceManagerConfig
    /// The phrase (never logged: the runner masks it).
    let phrase: String
    /// The password for `-p`, if configured (never logged: the runner masks it).
    let password: String?
    /// Runs the CLI.
    let runner: CommandRunner

    /// Creates a client.
    public init(config: ServiceManagerConfig, phrase: String, password: String? = nil, runner: CommandRunner) {
        self.config = config
        self.phrase = phrase
        self.password = password
        self.runner = runner
    }

    /// The services of the ServiceManager at `host`, strictly parsed.
    public func processList(host: String, node: String) async throws(NodeAgentError) -> [ServiceEntry] {
        let result = await call("GET_PROCESS_LIST", host: host, [])
        guard result.succeeded else {
            throw .serviceManagerFailed(node: node, command: "GET_PROCESS_LIST", reason: result.failureReason)
        }
        return try ProcessListParser.parse(result.stdout)
    }

    /// Starts a service.
    public func start(service: String, host: String) async -> CommandResult {
        await call("START_PROCESS", host: host, ["-s", service])
    }

    /// Stops a service with `-m mode`.
    public func stop(service: String, host: String, mode: StopMode) async -> CommandResult {
        await call("STOP_PROCESS", host: host, ["-s", service, "-m", mode.rawValue])
    }

    private func call(_ command: String, host: String, _ arguments: [String]) async -> CommandResult {
        let credentials = ["-n", phrase] + (password.map { ["-p", $0] } ?? [])
        return await runner.run(
            [config.ucybsmcl, "-c", command, "-h", host] + credentials + arguments,
            timeout: .seconds(config.timeoutSeconds))
    }
}
