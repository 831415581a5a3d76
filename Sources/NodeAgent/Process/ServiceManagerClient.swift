/// Process control through the ServiceManager CLI:
/// `ucybsmcl -c GET_PROCESS_LIST|START_PROCESS|STOP_PROCESS -h host:port -n phrase [-s service] [-m mode]`.
public struct ServiceManagerClient: Sendable {
    /// The CLI's configuration.
    public let config: ServiceManagerConfig
    /// The phrase (never logged: the runner masks it).
    let phrase: String
    /// Runs the CLI.
    let runner: CommandRunner

    /// Creates a client.
    public init(config: ServiceManagerConfig, phrase: String, runner: CommandRunner) {
        self.config = config
        self.phrase = phrase
        self.runner = runner
    }

    /// The services of the ServiceManager at `host`, strictly parsed.
    public func processList(host: String, node: String) async throws(NodeAgentError) -> [ServiceEntry] {
        let result = await call(["-c", "GET_PROCESS_LIST", "-h", host, "-n", phrase])
        guard result.succeeded else {
            throw .serviceManagerFailed(node: node, command: "GET_PROCESS_LIST", reason: result.failureReason)
        }
        return try ProcessListParser.parse(result.stdout)
    }

    /// Starts a service.
    public func start(service: String, host: String) async -> CommandResult {
        await call(["-c", "START_PROCESS", "-h", host, "-n", phrase, "-s", service])
    }

    /// Stops a service, with `-m mode` when a mode is given.
    public func stop(service: String, host: String, mode: String?) async -> CommandResult {
        var arguments = ["-c", "STOP_PROCESS", "-h", host, "-n", phrase, "-s", service]
        if let mode { arguments += ["-m", mode] }
        return await call(arguments)
    }

    private func call(_ arguments: [String]) async -> CommandResult {
        await runner.run([config.ucybsmcl] + arguments, timeout: .seconds(config.timeoutSeconds))
    }
}
