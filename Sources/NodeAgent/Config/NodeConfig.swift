import NodeContract

/// One AE node (server) served by `aeupgrade-node`: its base processes and, beside them, the target processes of a
/// ZDU split installation, whose binaries live in their own directory (docs/ae-model.md AE-ZDU-9).
public struct NodeConfig: Sendable, Equatable {
    /// Node name, as in the topology, e.g. `AE_1A`.
    public var name: String
    /// Datacenter of the node.
    public var datacenter: String
    /// NetArea of the node's CPs and JCPs.
    public var netArea: String
    /// Port of this node's listener.
    public var port: Int
    /// `host:port` of this node's ServiceManager when it differs from `serviceManager.host`.
    public var serviceManagerHost: String?
    /// Version of the base binaries (what the base processes run).
    public var baseVersion: String
    /// Services of the base processes.
    public var base: ServiceSet
    /// Services of the target processes (started from the staged target binaries); empty: none configured.
    public var target: ServiceSet
    /// The AE REST health check for this node.
    public var health: HealthConfig?
    /// Where the versions' binaries live.
    public var binaries: BinariesConfig
    /// Commands of this node's operations (override the top-level `commands`).
    public var commands: [OperationKey: CommandSpec]
    /// The site's own commands for AE wizard steps this node performs (`wizard:`; `POST /v1/wizard/{step}`).
    public var wizard: [WizardStepName: CommandSpec]

    /// Creates a node configuration.
    public init(
        name: String, datacenter: String, netArea: String, port: Int, serviceManagerHost: String? = nil,
        baseVersion: String, base: ServiceSet, target: ServiceSet = ServiceSet([:]), health: HealthConfig? = nil,
        binaries: BinariesConfig, commands: [OperationKey: CommandSpec] = [:],
        wizard: [WizardStepName: CommandSpec] = [:]
    ) {
        self.name = name
        self.datacenter = datacenter
        self.netArea = netArea
        self.port = port
        self.serviceManagerHost = serviceManagerHost
        self.baseVersion = baseVersion
        self.base = base
        self.target = target
        self.health = health
        self.binaries = binaries
        self.commands = commands
        self.wizard = wizard
    }

    /// The wizard steps this node performs, in the wizard's order (`GET /v1/node` `wizardSteps`).
    public var wizardSteps: [WizardStepName] { WizardStepName.allCases.filter { wizard[$0] != nil } }
}

/// `GET {url}/ae/api/v1/{client}/system/health` with basic authentication (docs/ae-model.md AE-REST-1).
public struct HealthConfig: Sendable, Equatable {
    /// Base URL of the AE REST API (the REST process), e.g. `http://127.0.0.1:8088`.
    public var url: String
    /// AE client number, e.g. `0`.
    public var client: String
    /// File with one line `user:password` of a user with the "Access to Administration" privilege; nil: none.
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

/// Where a node's binaries live: one directory per version, the base's and the target's side by side.
public struct BinariesConfig: Sendable, Equatable {
    /// `<root>/<version>/`: the unpacked binaries of each version.
    public var root: String
    /// `<archives>/<version>.tar.gz` with `<version>.tar.gz.sha256`: what the default `binaries/stage` unpacks; nil:
    /// stage only through `commands.binariesStage`.
    public var archives: String?

    /// Creates a binaries configuration.
    public init(root: String, archives: String? = nil) {
        self.root = root
        self.archives = archives
    }
}

/// A command run for an operation: an argument vector; `{node}`, `{version}`, `{drain}` are replaced.
public struct CommandSpec: Sendable, Equatable {
    /// Executable and arguments.
    public var argv: [String]

    /// Creates a command.
    public init(_ argv: [String]) {
        self.argv = argv
    }
}
