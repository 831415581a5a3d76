import Foundation
import NodeTestSupport
import Logging
import NodeAgent
import Testing

/// `tls` in node.yaml: the node contract over HTTPS, checked with curl against a test CA.
@Suite("aeupgrade-node over TLS")
struct TLSTests {
    @Test("with tls.certFile/keyFile the endpoint speaks HTTPS and a client trusting the CA reads the node",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
                   && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")))
    func servesHTTPS() async throws {
        let fake = try FakeNode()
        let certificates = """
            set -e; cd '\(fake.directory.path)'
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -subj /CN=test-ca -days 1 2>/dev/null
            printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext
            openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1 2>/dev/null
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 1 \
              -extfile san.ext 2>/dev/null
            """
        #expect(try await ChildRun.run("/bin/bash", ["-c", certificates]).status == 0)
        let health = try await FakeHealth.start()
        let yaml = fake.config(healthURL: health.url, tls: (fake.path("server.pem"), fake.path("server.key")))
        let server = try await NodeAgentServer.start(
            config: try ConfigLoader.parse(yaml: yaml, file: "t"), logger: Logger(label: "test"))
        defer { Task { await server.stop() } }
        let url = try #require(server.endpoints["AE_1A"])
        #expect(url.hasPrefix("https://127.0.0.1:"))
        let reply = try await ChildRun.run("/usr/bin/curl", [
            "-sS", "--cacert", fake.path("ca.pem"), "-H", "Authorization: Bearer \(fake.token)", "\(url)/v1/node"])
        #expect(reply.status == 0)
        #expect(reply.output.contains("\"installedVersion\":\"21.0.5\""))
        let untrusted = try await ChildRun.run("/usr/bin/curl", ["-sS", "\(url)/v1/node"])
        #expect(untrusted.status != 0)
    }
}
