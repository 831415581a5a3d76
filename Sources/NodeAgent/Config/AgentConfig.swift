import Foundation

/// The whole `node.yaml`: where `aeupgrade-node` listens, how it reaches the ServiceManager and the AE REST API,
/// and the nodes it serves.
public struct AgentConfig: Sendable, Equatable {
    /// Address every node listener binds (127.0.0.1 by default; a 127.0.0.0/8 address in tests).
    public var listenAddress: String
    /// File holding the bearer token every request must carry; nil: no authentication (loopback only).
    public var tokenFile: String?
    /// TLS certificate and key files (PEM), both or neither.
    public var tls: TLSFiles?
    /// Directory of the idempotency journal and the nodes' recorded CP modes.
    public var stateDirectory: String
    /// Name of the AE system, e.g. `PROD`.
    public var system: String
    /// How the ServiceManager CLI is called.
    public var serviceManager: ServiceManagerConfig
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
        commandTimeoutSeconds: Int = 600, commands: [OperationKey: CommandSpec] = [:], nodes: [NodeConfig]
    ) {
        self.listenAddress = listenAddress
        self.tokenFile = tokenFile
        self.tls = tls
        self.stateDirectory = stateDirectory
        self.system = system
        self.serviceManager = serviceManager
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

/// How `ucybsmcl` is called: `ucybsmcl -c CMD -h host:port -n phrase [-s service] [-m mode]`.
public struct ServiceManagerConfig: Sendable, Equatable {
    /// Path of the `ucybsmcl` executable.
    public var ucybsmcl: String
    /// `host:port` of the ServiceManager (a node may override it).
    public var host: String
    /// Where the phrase comes from (never logged, never answered).
    public var phrase: SecretSource
    /// Seconds one `ucybsmcl` call may take.
    public var timeoutSeconds: Int
    /// `-m` mode for STOP_PROCESS of WPs when draining (`wps/stop` with drain true); nil: no `-m`.
    public var drainStopMode: String?
    /// `-m` mode for STOP_PROCESS without draining; nil: no `-m`.
    public var immediateStopMode: String?

    /// Creates a ServiceManager configuration.
    public init(
        ucybsmcl: String, host: String, phrase: SecretSource, timeoutSeconds: Int = 60,
        drainStopMode: String? = nil, immediateStopMode: String? = nil
    ) {
        self.ucybsmcl = ucybsmcl
        self.host = host
        self.phrase = phrase
        self.timeoutSeconds = timeoutSeconds
        self.drainStopMode = drainStopMode
        self.immediateStopMode = immediateStopMode
    }
}

/// Where a secret is read from.
public enum SecretSource: Sendable, Equatable {
    /// The first line of a file.
    case file(String)
    /// An environment variable.
    case environment(String)
}
