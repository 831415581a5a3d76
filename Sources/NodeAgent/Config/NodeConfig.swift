/// One AE node (server) served by `aeupgrade-node`.
public struct NodeConfig: Sendable, Equatable {
    /// Node name, as in the topology, e.g. `AE_1A`.
    public var name: String
    /// Datacenter of the node.
    public var datacenter: String
    /// NetArea of the node's CPs.
    public var netArea: String
    /// Port of this node's listener.
    public var port: Int
    /// `host:port` of this node's ServiceManager when it differs from `serviceManager.host`.
    public var serviceManagerHost: String?
    /// ServiceManager service names of the node's WPs, in start order (the first is `<node>/WP1`).
    public var wpServices: [String]
    /// ServiceManager service names of the node's CPs (`<node>/CP1`...).
    public var cpServices: [String]
    /// The AE REST health check for this node.
    public var health: HealthConfig?
    /// Where the installed and staged versions are read.
    public var binaries: BinariesConfig
    /// Commands of this node's operations (override the top-level `commands`).
    public var commands: [OperationKey: CommandSpec]

    /// Creates a node configuration.
    public init(
        name: String, datacenter: String, netArea: String, port: Int, serviceManagerHost: String? = nil,
        wpServices: [String], cpServices: [String], health: HealthConfig? = nil, binaries: BinariesConfig,
        commands: [OperationKey: CommandSpec] = [:]
    ) {
        self.name = name
        self.datacenter = datacenter
        self.netArea = netArea
        self.port = port
        self.serviceManagerHost = serviceManagerHost
        self.wpServices = wpServices
        self.cpServices = cpServices
        self.health = health
        self.binaries = binaries
        self.commands = commands
    }
}

/// `GET {url}/ae/api/v1/{client}/system/health` with basic authentication.
public struct HealthConfig: Sendable, Equatable {
    /// Base URL of the AE REST API (JCP), e.g. `http://127.0.0.1:8088`.
    public var url: String
    /// AE client number, e.g. `100`.
    public var client: String
    /// File with one line `user:password` (AE user `NAME/DEPARTMENT`); nil: no credentials.
    public var credentialsFile: String?
    /// Seconds the check may take.
    public var timeoutSeconds: Int

    /// Creates a health check configuration.
    public init(url: String, client: String, credentialsFile: String? = nil, timeoutSeconds: Int = 10) {
        self.url = url
        self.client = client
        self.credentialsFile = credentialsFile
        self.timeoutSeconds = timeoutSeconds
    }

    /// The full health URL.
    public var healthURL: String {
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        return "\(base)/ae/api/v1/\(client)/system/health"
    }
}

/// Where a node's binary versions live.
public enum BinariesConfig: Sendable, Equatable {
    /// A root directory: `<root>/<version>/` unpacked versions, `<root>/current` a symlink to the installed one,
    /// `<root>/staged/<version>.tar.gz` (+ `.sha256`) staged archives.
    case root(String)
    /// Two files each holding one version (the staged one may be missing or empty).
    case versionFiles(installed: String, staged: String?)
}

/// A command run for an operation: an argument vector; `{node}`, `{version}`, `{to}`, `{drain}` are replaced.
public struct CommandSpec: Sendable, Equatable {
    /// Executable and arguments.
    public var argv: [String]

    /// Creates a command.
    public init(_ argv: [String]) {
        self.argv = argv
    }
}
