import Foundation
import NodeTestSupport
import Logging
import NodeAgent
import Testing

/// `tls` in node.yaml: the node contract over HTTPS, and mutual TLS, checked with curl against a test CA.
@Suite("aeupgrade-node over TLS", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
                                          && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")))
struct TLSTests {
    /// Makes a test CA (`ca.pem`), a server certificate for 127.0.0.1 and a client certificate, both signed by it.
    static func certificates(in fake: FakeNode) async throws {
        let script = """
            set -e; cd '\(fake.directory.path)'
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -subj /CN=test-ca -days 1 2>/dev/null
            printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext
            for name in server client; do
              openssl req -newkey rsa:2048 -nodes -keyout $name.key -out $name.csr -subj /CN=$name 2>/dev/null
              openssl x509 -req -in $name.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out $name.pem -days 1 \
                -extfile san.ext 2>/dev/null
            done
            """
        #expect(try await ChildRun.run("/bin/bash", ["-c", script]).status == 0)
    }

    /// Runs `body` with aeupgrade-node serving `fake` over TLS (mTLS with `clientCA`), then stops everything.
    static func withServer(
        _ fake: FakeNode, clientCA: String? = nil, _ body: (String) async throws -> Void
    ) async throws {
        let options = FakeNodeOptions(tls: (fake.path("server.pem"), fake.path("server.key")), clientCA: clientCA)
        try await fake.withAgent(options) {
            try await body($0.url)
        }
    }

    @Test("with tls.certFile/keyFile the endpoint speaks HTTPS and a client trusting the CA reads the node")
    func servesHTTPS() async throws {
        let fake = try FakeNode()
        try await Self.certificates(in: fake)
        try await Self.withServer(fake) { url in
            #expect(url.hasPrefix("https://127.0.0.1:"))
            let reply = try await ChildRun.run("/usr/bin/curl", [
                "-sS", "--cacert", fake.path("ca.pem"), "-H", "Authorization: Bearer \(fake.token)", "\(url)/v1/node"])
            #expect(reply.status == 0)
            #expect(reply.output.contains("\"installedVersion\":\"24.4.1\""))
            let untrusted = try await ChildRun.run("/usr/bin/curl", ["-sS", "\(url)/v1/node"])
            #expect(untrusted.status != 0)
        }
    }

    @Test("with tls.clientCAFile only a client presenting a certificate signed by that CA gets an answer")
    func mutualTLS() async throws {
        let fake = try FakeNode()
        try await Self.certificates(in: fake)
        try await Self.withServer(fake, clientCA: fake.path("ca.pem")) { url in
            let common = ["-sS", "--cacert", fake.path("ca.pem"), "-H", "Authorization: Bearer \(fake.token)"]
            let withCert = try await ChildRun.run("/usr/bin/curl", common + [
                "--cert", fake.path("client.pem"), "--key", fake.path("client.key"), "\(url)/v1/node"])
            #expect(withCert.status == 0)
            #expect(withCert.output.contains("\"installedVersion\":\"24.4.1\""))
            let without = try await ChildRun.run("/usr/bin/curl", common + ["\(url)/v1/node"])
            #expect(without.status != 0, "no client certificate: the handshake is refused")
            #expect(!without.output.contains("installedVersion"))
        }
    }

    @Test("an unreadable tls.clientCAFile is a configuration error naming the field")
    func unreadableClientCA() async throws {
        let fake = try FakeNode()
        try await Self.certificates(in: fake)
        let yaml = fake.config(
            healthURL: "http://127.0.0.1:9", tls: (fake.path("server.pem"), fake.path("server.key")),
            clientCA: fake.path("missing.pem"))
        await #expect {
            _ = try await NodeAgentServer.start(
                config: try ConfigLoader.parse(yaml: yaml, file: "t"), logger: Logger(label: "test"))
        } throws: { "\($0)".contains("tls.clientCAFile") }
    }
}
