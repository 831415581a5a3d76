/// An operation started by a POST: `GET /v1/operations/{id}` polls it.
public struct Operation: Sendable, Equatable, Codable {
    /// Operation id, unique per endpoint.
    public var id: String
    /// What it does, as a path suffix, e.g. `cps/stop` or `target/start`.
    public var action: String
    /// Node it acts on, nil for system-wide operations.
    public var node: String?
    /// Running, succeeded or failed.
    public var state: OperationState
    /// Why it failed, when it did.
    public var reason: String?
    /// The `Idempotency-Key` it was started with.
    public var idempotencyKey: String
    /// Commands the operation ran on a real node (`aeupgrade-node`), in order; nil on the simulator.
    public var output: [CommandOutput]?
    /// While running: the node's estimate of the seconds (node time) until it ends, nil when it has none. A client
    /// may wait that long before polling again instead of polling at a fixed pace.
    public var etaSeconds: Double?

    /// Creates an operation.
    public init(
        id: String, action: String, node: String?, state: OperationState, reason: String? = nil,
        idempotencyKey: String, output: [CommandOutput]? = nil, etaSeconds: Double? = nil
    ) {
        self.id = id
        self.action = action
        self.node = node
        self.state = state
        self.reason = reason
        self.idempotencyKey = idempotencyKey
        self.output = output
        self.etaSeconds = etaSeconds
    }
}

/// One command an operation ran on a real node: its arguments, exit code and output (secrets masked as `***`).
public struct CommandOutput: Sendable, Equatable, Codable {
    /// Executable and arguments.
    public var command: [String]
    /// Exit code, nil when it was killed or could not start.
    public var exitCode: Int32?
    /// Standard output.
    public var stdout: String
    /// Standard error.
    public var stderr: String

    /// Creates a command output.
    public init(command: [String], exitCode: Int32?, stdout: String, stderr: String) {
        self.command = command
        self.exitCode = exitCode
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// State of an operation.
public enum OperationState: String, Sendable, Equatable, Codable {
    case running
    case succeeded
    case failed
}

/// Body of the POSTs that take parameters; fields not used by an action are ignored.
public struct OperationRequest: Sendable, Equatable, Codable {
    /// For `binaries/stage` and `target/start`: the target version.
    public var version: String?
    /// For `wps/stop`: let running work finish first (default true).
    public var drain: Bool?

    /// Creates a request body.
    public init(version: String? = nil, drain: Bool? = nil) {
        self.version = version
        self.drain = drain
    }
}

/// RFC 9457 problem details, the body of every error response (`application/problem+json`).
public struct Problem: Sendable, Equatable, Codable, Error {
    /// A URI reference naming the problem type.
    public var type: String
    /// Short summary of the problem type.
    public var title: String
    /// HTTP status code.
    public var status: Int
    /// What happened in this occurrence, and what to do about it.
    public var detail: String?

    /// Creates a problem.
    public init(type: String = "about:blank", title: String, status: Int, detail: String? = nil) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
    }
}

/// Paths of the node contract, relative to a node's base URL.
///
/// The ZDU wizard steps (DB load, switch, finalize, rollback) are the operator's, in the AWI (docs/ae-model.md
/// AE-ZDU-1): the contract shows their result in `GET /v1/system`; a node that has the site's own command for one
/// lists it in `GET /v1/node` (`wizardSteps`) and runs it on `POST /v1/wizard/{step}` (`WizardStepName`).
public enum ContractPath {
    public static let node = "/v1/node"
    public static let system = "/v1/system"
    /// Stage the target binaries in their own directory (step `binaries.stage`).
    public static let binariesStage = "/v1/node/binaries/stage"
    /// Stop the node's base CPs and JCPs: their agents reconnect elsewhere (step `cp.drain`).
    public static let cpsStop = "/v1/node/cps/stop"
    /// Stop the node's base WPs, JWPs and REST processes in AE's stop order (step `wp.stop`).
    public static let wpsStop = "/v1/node/wps/stop"
    /// Start the node's target processes from the staged binaries (step `target.start`).
    public static let targetStart = "/v1/node/target/start"
    /// Stop the node's target processes (the fallback before the switch).
    public static let targetStop = "/v1/node/target/stop"
    /// Start the node's stopped base processes: allowed only while ZDU is off (docs/ae-model.md AE-ZDU-6).
    public static let processesStart = "/v1/node/processes/start"
    /// Prefix of `GET /v1/operations/{id}`.
    public static let operations = "/v1/operations/"
}
