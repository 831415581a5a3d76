import Foundation
import Hummingbird
import Logging
import NIOCore
import NodeAgent
import Synchronization

/// A fake AE server for one node: a `ucybsmcl` shell script keeping service states in a file, a fake AE REST
/// health endpoint, a binaries root, and a node.yaml pointing at them.
struct FakeNode {
    let directory: URL
    let phrase = "sm-phrase-\(UInt32.random(in: 1_000_000...9_999_999))"
    let token = "tok-\(UInt32.random(in: 1_000_000...9_999_999))"

    /// Creates the fake in a new temp directory: services all running, version 21.0.5 installed.
    init(services: [String] = ["AE1A WP1", "AE1A WP2", "AE1A CP1"]) throws {
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
    init(at existing: String) throws {
        directory = URL(fileURLWithPath: existing)
        FileManager.default.createFile(atPath: directory.appendingPathComponent("agent.log").path, contents: nil)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String, executable: Bool = false) throws {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path(name)) }
    }

    func read(_ name: String) -> String { (try? String(contentsOfFile: path(name), encoding: .utf8)) ?? "" }

    /// node.yaml for node AE_1A on an ephemeral port; `commands` is YAML under the node's `commands:`.
    func config(
        healthURL: String, commands: [String: [String]] = [:], port: Int = 0, timeout: Int = 20,
        tls: (cert: String, key: String)? = nil
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
        if let tls { text += "tls: {certFile: \(tls.cert), keyFile: \(tls.key)}\n" }
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
    static func script(state: String, extra: String, phrase: String, log: String) -> String {
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
}

/// A fake AE REST health endpoint on 127.0.0.1: `GET /ae/api/v1/100/system/health` answers 200 UP.
struct FakeHealth {
    let url: String
    let task: Task<Void, any Error>

    static func start() async throws -> FakeHealth {
        let router = Router()
        router.get("/ae/api/v1/100/system/health") { _, _ -> Response in
            let body = #"{"status":"UP","pwp":{"status":"UP","instancesRunning":1},"cp":{"status":"UP","instancesRunning":1}}"#
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "fake-health")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0); continuation.finish() }, logger: logger)
        let task = Task { try await app.run() }
        var port = 0
        for await value in stream { port = value }
        return FakeHealth(url: "http://127.0.0.1:\(port)", task: task)
    }
}

/// Where `CapturingLogHandler` keeps messages.
final class LogSink: Sendable {
    let lines = Mutex<[String]>([])
    var text: String { lines.withLock { $0.joined(separator: "\n") } }
}

/// A log handler keeping every message, to prove secrets never reach the log.
struct CapturingLogHandler: LogHandler {
    let sink: LogSink
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
             function: String, line: UInt) {
        sink.lines.withLock { $0.append(message.description) }
    }
}
