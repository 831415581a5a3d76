import Foundation
import TestScratch

/// A fake v21+ AE server for one node (AE_1A): a `ucybsmcl` shell script keeping service states in a file and printing
/// `GET_PROCESS_LIST` in the quoted-field form, base and target services side by side, a binaries root with the base
/// version's directory, a ZDU phase file the test plays the AWI wizard on, and a node.yaml pointing at them.
public struct FakeNode: Sendable {
    /// The fake's directory: state file, scripts, binaries root, node.yaml.
    public let directory: URL
    /// The ServiceManager phrase the fake `ucybsmcl` accepts.
    public let phrase = "sm-phrase-\(UInt32.random(in: 1_000_000...9_999_999))"
    /// The ServiceManager password (`-p`) the fake `ucybsmcl` requires.
    public let password = "sm-password-\(UInt32.random(in: 1_000_000...9_999_999))"
    /// The bearer token written to `token`.
    public let token = "tok-\(UInt32.random(in: 1_000_000...9_999_999))"
    /// The base version (its directory exists under `root`).
    public static let baseVersion = "24.4.1"
    /// The ZDU target version of the tests.
    public static let targetVersion = "24.4.4"
    /// Base services per kind, as in node.yaml: 2 WPs, 1 CP, 1 JWP, 1 JCP, 1 REST.
    public static let base: [(kind: String, services: [String])] = [
        ("WP", ["AE1A WP1", "AE1A WP2"]), ("CP", ["AE1A CP1"]), ("JWP", ["AE1A JWP1"]), ("JCP", ["AE1A JCP1"]),
        ("REST", ["AE1A REST1"]),
    ]
    /// Target services per kind (same counts), started from the staged target directory.
    public static let target: [(kind: String, services: [String])] = base.map {
        ($0.kind, $0.services.map { $0.replacingOccurrences(of: "AE1A", with: "AE1A-T") })
    }

    /// Creates the fake in a new temp directory: base services running, target services stopped, ZDU off.
    public init() throws {
        directory = URL(fileURLWithPath: TestScratch.directory("node"))
        let fm = FileManager.default
        try fm.createDirectory(
            at: directory.appendingPathComponent("root/\(Self.baseVersion)"), withIntermediateDirectories: true)
        try fm.createDirectory(at: directory.appendingPathComponent("archives"), withIntermediateDirectories: true)
        let states = Self.base.flatMap(\.services).map { "\($0)|R" } + Self.target.flatMap(\.services).map { "\($0)|S" }
        try write("sm-state", states.joined(separator: "\n") + "\n")
        try write("phrase", phrase + "\n")
        try write("password", password + "\n")
        try write("token", token + "\n")
        try write("zdu-phase", "off\n")
        try write("ucybsmcl", Self.script(
            state: path("sm-state"), extra: path("sm-extra"), phrase: phrase, password: password,
            log: path("sm-calls")), executable: true)
    }

    /// A fake rooted at an existing directory (only its paths are used: logs, endpoints files).
    public init(at existing: String) throws {
        directory = URL(fileURLWithPath: existing)
        _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("agent.log").path, contents: nil)
    }

    /// The path of `name` inside the fake's directory.
    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Writes a file of the fake (executable if asked).
    public func write(_ name: String, _ text: String, executable: Bool = false) throws {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path(name)) }
    }

    /// A file of the fake, empty when missing.
    public func read(_ name: String) -> String { (try? String(contentsOfFile: path(name), encoding: .utf8)) ?? "" }

    /// Plays the AWI wizard: the ZDU phase `zdu.phaseCommand` prints from now on, e.g. `compatibility 24.4.4`.
    public func setPhase(_ line: String) throws { try write("zdu-phase", line + "\n") }

    /// The `ucybsmcl` calls so far, one `<command> <service> [-m <mode>]` per line.
    public var calls: [String] { read("sm-calls").split(separator: "\n").map(String.init) }

    /// node.yaml for node AE_1A on an ephemeral port; `commands` is YAML under the node's `commands:`; `zdu: false`
    /// leaves out `zdu.phaseCommand`, `agents: false` leaves out `agentCounts`, `pwp: false` leaves out `pwpLocation`.
    public func config(
        healthURL: String, commands: [String: [String]] = [:], port: Int = 0, timeout: Int = 20,
        tls: (cert: String, key: String)? = nil, clientCA: String? = nil, zdu: Bool = true, agents: Bool = true,
        pwp: Bool = true, serviceManagerExtra: String = ""
    ) -> String {
        let list = { (sets: [(kind: String, services: [String])]) in
            sets.map { "      \($0.kind): [\($0.services.map { "\"\($0)\"" }.joined(separator: ", "))]" }
                .joined(separator: "\n")
        }
        var text = """
            system: PROD
            stateDirectory: \(path("state"))
            tokenFile: \(path("token"))
            commandTimeout: \(timeout)
            serviceManager:
              ucybsmcl: \(path("ucybsmcl"))
              host: 127.0.0.1:8871
              phraseFile: \(path("phrase"))
              passwordFile: \(path("password"))\(serviceManagerExtra)

            """
        if zdu { text += "zdu: {phaseCommand: [/bin/cat, \(path("zdu-phase"))]}\n" }
        text += """
            nodes:
              - name: AE_1A
                datacenter: DC1
                netArea: NA_DC1
                port: \(port)
                base:
                  version: "\(Self.baseVersion)"
            \(list(Self.base))
                target:
            \(list(Self.target))
                health: {url: "\(healthURL)", client: "100"}
                binaries: {root: \(path("root")), archives: \(path("archives"))}
                commands:

            """
        if pwp { text += "      pwpLocation: [/bin/echo, AE_1A AE_1A/WP1]\n" }
        if agents { text += "      agentCounts: [/bin/echo, '\(Self.agentCounts)']\n" }
        if !pwp && !agents && commands.isEmpty { text += "      {}\n" }
        for (key, argv) in commands.sorted(by: { $0.key < $1.key }) {
            text += "      \(key): [\(argv.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
        }
        if let tls {
            text += "tls: {certFile: \(tls.cert), keyFile: \(tls.key)"
            text += (clientCA.map { ", clientCAFile: \($0)" } ?? "") + "}\n"
        }
        return text
    }

    /// What the fake `agentCounts` prints: seed phase 1's NetArea NA_DC1 (100 JCP agents, 20 CP agents) at home.
    public static let agentCounts = #"[{"name":"NA_DC1","via":"JCP","agents":100,"connected":{"AE_1A/JCP1":100},"#
        + #""home":100,"disconnected":0},{"name":"NA_DC1","via":"CP","agents":20,"connected":{"AE_1A/CP1":20},"#
        + #""home":20,"disconnected":0}]"#
}
