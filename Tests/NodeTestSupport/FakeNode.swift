import Foundation

/// A fake AE server for one node: a `ucybsmcl` shell script keeping service states in a file, a fake AE REST
/// health endpoint, a binaries root, and a node.yaml pointing at them.
public struct FakeNode: Sendable {
    /// The fake's directory: state file, scripts, binaries root, node.yaml.
    public let directory: URL
    /// The ServiceManager phrase the fake `ucybsmcl` accepts.
    public let phrase = "sm-phrase-\(UInt32.random(in: 1_000_000...9_999_999))"
    /// The bearer token written to `token`.
    public let token = "tok-\(UInt32.random(in: 1_000_000...9_999_999))"

    /// Creates the fake in a new temp directory: services all running, version 21.0.5 installed.
    public init(services: [String] = ["AE1A WP1", "AE1A WP2", "AE1A CP1"]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("aeupgrade-node-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: directory.appendingPathComponent("root/21.0.5"), withIntermediateDirectories: true)
        try fm.createDirectory(at: directory.appendingPathComponent("root/staged"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: path("root/current"), withDestinationPath: "21.0.5")
        try write("sm-state", services.map { "\($0)|R" }.joined(separator: "\n") + "\n")
        try write("phrase", phrase + "\n")
        try write("token", token + "\n")
        try write("ucybsmcl", Self.script(state: path("sm-state"), extra: path("sm-extra"), phrase: phrase,
                                          log: path("sm-calls")), executable: true)
    }

    /// A fake rooted at an existing directory (only its paths are used: logs, endpoints files).
    public init(at existing: String) throws {
        directory = URL(fileURLWithPath: existing)
        FileManager.default.createFile(atPath: directory.appendingPathComponent("agent.log").path, contents: nil)
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

    /// node.yaml for node AE_1A on an ephemeral port; `commands` is YAML under the node's `commands:`.
    public func config(
        healthURL: String, commands: [String: [String]] = [:], port: Int = 0, timeout: Int = 20,
        tls: (cert: String, key: String)? = nil, clientCA: String? = nil
    ) -> String {
        var text = """
            system: PROD
            stateDirectory: \(path("state"))
            tokenFile: \(path("token"))
            commandTimeout: \(timeout)
            serviceManager:
              ucybsmcl: \(path("ucybsmcl"))
              host: 127.0.0.1:8871
              phraseFile: \(path("phrase"))
            nodes:
              - name: AE_1A
                datacenter: DC1
                netArea: NA_DC1
                port: \(port)
                wpServices: ["AE1A WP1", "AE1A WP2"]
                cpServices: ["AE1A CP1"]
                health: {url: "\(healthURL)", client: "100"}
                binaries: {root: \(path("root"))}

            """
        if let tls {
            text += "tls: {certFile: \(tls.cert), keyFile: \(tls.key)"
            text += (clientCA.map { ", clientCAFile: \($0)" } ?? "") + "}\n"
        }
        if !commands.isEmpty {
            text += "    commands:\n"
            for (key, argv) in commands.sorted(by: { $0.key < $1.key }) {
                text += "      \(key): [\(argv.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
            }
        }
        return text
    }

    /// The fake `ucybsmcl`: GET_PROCESS_LIST prints the documented-format lines (plus `extra` if present),
    /// START_PROCESS / STOP_PROCESS change the state file; a wrong phrase exits 4.
    public static func script(state: String, extra: String, phrase: String, log: String) -> String {
        """
        #!/bin/sh
        cmd=""; phr=""; svc=""
        while [ $# -gt 0 ]; do
          case "$1" in
            -c) cmd="$2"; shift 2;; -h) shift 2;; -n) phr="$2"; shift 2;; -s) svc="$2"; shift 2;; -m) shift 2;;
            *) echo "unknown argument $1" >&2; exit 2;;
          esac
        done
        if [ "$phr" != "\(phrase)" ]; then echo "ServiceManager refused the phrase" >&2; exit 4; fi
        echo "$cmd $svc" >> "\(log)"
        case "$cmd" in
          GET_PROCESS_LIST)
            while IFS='|' read -r name st; do
              if [ "$st" = R ]; then echo "\\"$name\\" R 4242 2026-11-25 20:00"; else echo "\\"$name\\" S"; fi
            done < "\(state)"
            [ -f "\(extra)" ] && cat "\(extra)"
            exit 0;;
          START_PROCESS|STOP_PROCESS)
            if ! grep -q "^$svc|" "\(state)"; then echo "no service $svc" >&2; exit 3; fi
            if [ "$cmd" = START_PROCESS ]; then new=R; else new=S; fi
            sed "s/^$svc|.*/$svc|$new/" "\(state)" > "\(state).tmp" && mv "\(state).tmp" "\(state)"
            exit 0;;
        esac
        echo "unknown command $cmd" >&2; exit 2
        """
    }

    /// A `binariesStage` command: `<script> <root> <version>` packs a fake server binary of the version into
    /// `<root>/staged/<version>.tar.gz` with its `.sha256`, the layout the default install expects.
    public static let stageScript = #"""
        #!/bin/sh
        set -e
        root="$1"; v="$2"; tmp="$root/../unpack-$v"
        mkdir -p "$tmp"; echo "AE server $v" > "$tmp/ucsrvwp"
        tar -czf "$root/staged/$v.tar.gz" -C "$tmp" .
        sha256sum "$root/staged/$v.tar.gz" > "$root/staged/$v.tar.gz.sha256"
        """#
}
