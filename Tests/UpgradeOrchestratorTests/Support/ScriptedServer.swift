import Foundation

/// A small scripted HTTP(S) server (python3) for client tests: the first path segment picks a behaviour, and
/// `GET /count/<segment>` tells how many requests a behaviour received.
struct ScriptedServer {
    let process: Process
    let port: Int

    static let available = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")

    static let script = #"""
        import http.server, json, ssl, sys
        counts = {}
        NODE = {"name": "AE_1A", "datacenter": "DC1", "netArea": "NA_DC1", "installedVersion": "21.0.5",
                "processes": [{"kind": "WP", "id": "AE_1A/WP1", "state": "running", "version": "21.0.5", "pwp": True}]}
        def problem(status, detail):
            return {"type": "about:blank", "title": "scripted", "status": status, "detail": detail}
        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args): pass
            def do_GET(self): self.route()
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.route()
            def route(self):
                parts = self.path.split("/")
                segment = parts[1]
                if segment == "count":
                    return self.send(200, {"count": counts.get(parts[2], 0)})
                counts[segment] = counts.get(segment, 0) + 1
                n = counts[segment]
                if segment == "s503": return self.send(503, problem(503, "always failing"))
                if segment == "s404": return self.send(404, problem(404, "no such thing here"))
                if segment == "s429" and n == 1: return self.send(429, problem(429, "slow down"), {"Retry-After": "1"})
                if segment == "flaky" and n <= 2: return self.send(503, problem(503, "flaky"))
                if segment == "auth" and self.headers.get("Authorization") != "Bearer t0ken":
                    return self.send(401, problem(401, "bad token"))
                if segment == "key":
                    return self.send(202, {"id": "op-1", "action": "cps/stop", "node": "AE_1A", "state": "running",
                                           "idempotencyKey": self.headers.get("Idempotency-Key", "")})
                return self.send(200, NODE)
            def send(self, code, body, headers={}):
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/problem+json" if code >= 400 else "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items(): self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        if len(sys.argv) > 2:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[1], sys.argv[2])
            if len(sys.argv) > 3:
                context.verify_mode = ssl.CERT_REQUIRED
                context.load_verify_locations(sys.argv[3])
            server.socket = context.wrap_socket(server.socket, server_side=True)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    /// Starts the server (TLS when given a certificate and key; mTLS when also given a CA).
    static func start(tls: [String] = []) throws -> ScriptedServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script] + tls
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data([0x0A]) {
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile)
        }
        return ScriptedServer(process: process, port: port)
    }

    /// Kills the server (SIGKILL: a SIGTERM may be ignored when inherited as ignored).
    func stop() {
        kill(process.processIdentifier, SIGKILL)
    }

    /// Makes a CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA, in `directory`.
    /// Runs off the cooperative pool (openssl takes a second or two): a blocked pool thread on 2 cores would stall
    /// every other test meanwhile.
    static func makeCertificates(in directory: String) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global().async { done.resume(with: Result { try makeCertificatesBlocking(in: directory) }) }
        }
    }

    private static func makeCertificatesBlocking(in directory: String) throws {
        let script = """
            set -e
            cd '\(directory)'
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -subj /CN=test-ca -days 1 2>/dev/null
            printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext
            for name in server client; do
              openssl req -newkey rsa:2048 -nodes -keyout $name.key -out $name.csr -subj /CN=127.0.0.1 2>/dev/null
              openssl x509 -req -in $name.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out $name.pem -days 1 \
                -extfile san.ext 2>/dev/null
            done
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
