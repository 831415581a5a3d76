import Foundation
import UpgradeOrchestrator

/// Several HTTP(S)/1.1 keep-alive listeners on 127.0.0.1 (python3), one per simulated node, that count the TCP
/// connections each accepted; a control listener answers `GET /connections` with `{port: count}` over plain HTTP.
struct ConnectionCountingServer {
    let process: Process
    let control: Int
    let ports: [Int]

    static let script = #"""
        import http.server, json, ssl, sys, threading
        counts = {}
        lock = threading.Lock()
        NODE = {"name": "AE_1A", "datacenter": "DC1", "netArea": "NA_DC1", "installedVersion": "24.4.1",
                "processes": [{"kind": "WP", "id": "AE_1A/WP1", "state": "running", "version": "24.4.1", "pwp": True}]}
        class Node(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args): pass
            def setup(self):
                super().setup()
                with lock:
                    port = self.server.server_address[1]
                    counts[port] = counts.get(port, 0) + 1
            def do_GET(self):
                data = json.dumps(NODE).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
        class Control(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"
            def log_message(self, *args): pass
            def do_GET(self):
                with lock: data = json.dumps({str(k): v for k, v in counts.items()}).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
        count = int(sys.argv[1])
        servers = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), Node) for _ in range(count)]
        if len(sys.argv) > 3:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[2], sys.argv[3])
            for server in servers: server.socket = context.wrap_socket(server.socket, server_side=True)
        control = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Control)
        for server in servers + [control]:
            threading.Thread(target=server.serve_forever, daemon=True).start()
        print(" ".join(str(s.server_address[1]) for s in [control] + servers), flush=True)
        threading.Event().wait()
        """#

    /// Starts `count` node listeners (TLS with `tls` = [certificate, key]).
    static func start(count: Int, tls: [String] = []) throws -> ConnectionCountingServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, String(count)] + tls
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data([0x0A]) {
            line.append(byte)
        }
        let ports = String(decoding: line, as: UTF8.self).split(separator: " ").compactMap { Int($0) }
        guard ports.count == count + 1 else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadCorruptFile)
        }
        return ConnectionCountingServer(process: process, control: ports[0], ports: Array(ports.dropFirst()))
    }

    /// Connections accepted so far, per node port.
    func connections() async throws -> [Int: Int] {
        let transport = CurlTransport(workers: 1, connectTimeout: .seconds(2), totalTimeout: .seconds(5), tls: TLSOptions())
        let response = try await transport.perform(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(control)/c"))
        let counts = try JSONDecoder().decode([String: Int].self, from: Data(response.body))
        return Dictionary(uniqueKeysWithValues: counts.compactMap { key, value in Int(key).map { ($0, value) } })
    }

    /// Kills the server.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
    }
}
