import Foundation

/// The whole `node.yaml`: where `aeupgrade-node` listens, how it reaches the ServiceManager, the ZDU phase and the
/// AE REST API, and the nodes it serves.
public struct AgentConfig: Sendable, Equatable {
    /// Address every node listener binds (127.0.0.1 by default; a 127.0.0.0/8 address in tests).
    public var listenAddress: String
    /// File holding the bearer token every request must carry; nil: no authentication (loopback only).
    public var tokenFile: String?
    /// TLS certificate and key files (PEM), both or neither.
    public var tls: TLSFiles?
    /// Directory of the idempotency journal.
    public var stateDirectory: String
    /// Name of the AE system, e.g. `PROD`.
    public var system: String
    /// How the ServiceManager CLI is called.
    public var serviceManager: ServiceManagerConfig
    /// Command printing the ZDU phase (`zdu.phaseCommand`); nil: the phase cannot be seen (docs/node.md).
    public var zduPhaseCommand: CommandSpec?
    /// Seconds an operation's command may run before it is killed and the operation fails.
    public var commandTimeoutSeconds: Int
    /// Commands for every node (a node's own `commands` override these).
    public var commands: [OperationKey: CommandSpec]
    /// The nodes served, each on its own port.
    public var nodes: [NodeConfig]

    /// Creates a configuration.
    public init(
        listenAddress: String = "127.0.0.1", tokenFile: String? = nil, tls: TLSFiles? = nil,
        stateDirectory: String, system: String, serviceManager: ServiceManagerConfig,
        zduPhaseCommand: CommandSpec? = nil, commandTimeoutSeconds: Int = 600,
        commands: [OperationKey: CommandSpec] = [:], nodes: [NodeConfig]
    ) {
        self.listenAddress = listenAddress
        self.tokenFile = tokenFile
        self.tls = tls
        self.stateDirectory = stateDirectory
        self.system = system
        self.serviceManager = serviceManager
        self.zduPhaseCommand = zduPhaseCommand
        self.commandTimeoutSeconds = commandTimeoutSeconds
        self.commands = commands
        self.nodes = nodes
    }

    /// The command configured for an operation on a node (the node's own first), or nil.
    public func command(_ key: OperationKey, node: NodeConfig) -> CommandSpec? {
        node.commands[key] ?? commands[key]
    }
}

/// PEM files for TLS.
public struct TLSFiles: Sendable, Equatable {
    /// Certificate chain file.
    public var certFile: String
    /// Private key file.
    public var keyFile: String
    /// PEM CA certificates that sign the client certificates to accept; nil asks clients for none (no mTLS).
    public var clientCAFile: String?

    /// Creates TLS file names.
    public init(certFile: String, keyFile: String, clientCAFile: String? = nil) {
        self.certFile = certFile
        self.keyFile = keyFile
        self.clientCAFile = clientCAFile
    }
}

/// How `ucybsmcl` is called: `ucybsmcl -c CMD -h host:port -n phrase [-p password] [-s service] [-m C|A]`.
public struct ServiceManagerConfig: Sendable, Equatable {
    /// Path of the `ucybsmcl` executable.
    public var ucybsmcl: String
    /// `host:port` of the ServiceManager (a node may override it).
    public var host: String
    /// Where the phrase comes from (never logged, never answered).
    public var phrase: SecretSource
    /// Where the ServiceManager password (`-p`) comes from; nil: no `-p`. Masked as `***` in every output.
    public var password: SecretSource?
    /// Seconds one `ucybsmcl` call may take.
    public var timeoutSeconds: Int
    /// `-m` of every STOP_PROCESS (default C), except `wps/stop` with `drain: false`.
    public var stopMode: StopMode
    /// `-m` of STOP_PROCESS for `wps/stop` with `drain: false` (default: `stopMode`).
    public var noDrainStopMode: StopMode

    /// Creates a ServiceManager configuration.
    public init(
        ucybsmcl: String, host: String, phrase: SecretSource, password: SecretSource? = nil, timeoutSeconds: Int = 60,
        stopMode: StopMode = .normal, noDrainStopMode: StopMode? = nil
    ) {
        self.ucybsmcl = ucybsmcl
        self.host = host
        self.phrase = phrase
        self.password = password
        self.timeoutSeconds = timeoutSeconds
        self.stopMode = stopMode
        self.noDrainStopMode = noDrainStopMode ?? stopMode
    }
}

/// Where a secret is read from.
public enum SecretSource: Sendable, Equatable {
    /// The first line of a file.
    case file(String)
    /// An environment variable.
    case environment(String)
}
