import Foundation
import Testing
import UpgradeOrchestrator

/// What the binary refuses before it sends anything: a token over plain http:// to non-loopback nodes, unreadable
/// TLS files; and apply on a halted journal without --continue.
@Suite("node access on the command line")
struct NodeAccessCLITests {
    /// Seed phase 1 with its nodes at TEST-NET addresses (nothing answers there), a token file and a state dir.
    func setup() throws -> (arguments: [String], state: String) {
        let directory = Fixtures.tempDirectory()
        let endpoints = directory + "/endpoints.json"
        try #"{"nodes": {"AE_1A": "http://192.0.2.1:8101", "AE_1B": "https://192.0.2.2:8443"}}"#
            .write(toFile: endpoints, atomically: true, encoding: .utf8)
        try "s3cret\n".write(toFile: directory + "/token", atomically: true, encoding: .utf8)
        let topology = Fixtures.root.appendingPathComponent("plans/seed-phase1.yaml").path
        return ([topology, "--endpoints", endpoints, "--state-dir", directory, "--token-file", directory + "/token"],
            directory)
    }

    @Test(arguments: ["apply", "resume", "rollback", "status"])
    func aTokenForPlainHTTPToANonLoopbackNodeIsRefusedBeforeAnyRequest(_ command: String) async throws {
        let (arguments, state) = try setup()
        let run = try await ChildProcess.capture([command] + arguments)
        #expect(run.status == 1, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("refusing to send the bearer token to node AE_1A over plain http://"))
        #expect(run.stderr.contains("--insecure-token"))
        #expect(run.stderr.contains("nothing was sent to any node"))
        #expect(!run.stderr.contains("s3cret") && !run.stdout.contains("s3cret"))
        #expect(!FileManager.default.fileExists(atPath: state + "/PROD.journal.jsonl"), "nothing journaled")
    }

    @Test func aMissingEndpointsFileOrAnUnknownNodeInItIsRefusedBeforeAnyRequest() async throws {
        let directory = Fixtures.tempDirectory()
        let topology = Fixtures.root.appendingPathComponent("plans/seed-phase1.yaml").path
        let missing = try await ChildProcess.capture(
            ["apply", topology, "--endpoints", directory + "/nofile.json", "--state-dir", directory])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("\(directory)/nofile.json: no such endpoints file"), "\(missing.stderr)")
        let typo = directory + "/typo.json"
        try #"{"nodes": {"AE_1A": "http://127.0.0.1:9", "AE_9Z": "http://127.0.0.1:9"}}"#
            .write(toFile: typo, atomically: true, encoding: .utf8)
        let unknown = try await ChildProcess.capture(["apply", topology, "--endpoints", typo, "--state-dir", directory])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("\(typo): AE_9Z: not a node of the topology (its nodes: AE_1A, AE_1B)"),
                "\(unknown.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/PROD.journal.jsonl"), "nothing journaled")
    }

    @Test func anUnreadableCAFileIsNamedOnceBeforeAnyRequest() async throws {
        let (arguments, _) = try setup()
        let run = try await ChildProcess.capture(["status"] + arguments + ["--insecure-token", "--cacert", "/nope/ca.pem"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("--cacert /nope/ca.pem: cannot read the file (TLS); nothing was sent to any node"))
    }
}
