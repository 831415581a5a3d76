import Foundation
import NodeTestSupport
import NodeContract
import Testing

/// `aeupgrade apply` of plans/seed-phase1.yaml against two real `aeupgrade-node` processes backed by the fakes.
@Suite("aeupgrade apply against two aeupgrade-node instances")
struct ApplySeedFarmTests {
    static var binDirectory: URL { URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent() }
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test("seed phase 1 upgrades both nodes to 24.4.1 through ucybsmcl and the configured commands")
    func applySeedPhase1() async throws {
        let apply = Self.binDirectory.appendingPathComponent("aeupgrade")
        try #require(FileManager.default.isExecutableFile(atPath: apply.path), "build the aeupgrade product first")
        let farm = try FakeFarm()
        let health = try await FakeHealth.start()
        do { try await applySeedPhase1(apply, farm, health) } catch {
            await health.stop()
            throw error
        }
        await health.stop()
    }

    private func applySeedPhase1(_ apply: URL, _ farm: FakeFarm, _ health: FakeHealth) async throws {
        var agents: [Process] = []
        defer { for agent in agents { agent.terminate() } }
        var urls: [String: String] = [:]
        for index in 0..<2 {
            let name = FakeFarm.nodes[index].0
            try farm.put("\(name)/node.yaml", farm.config(index, healthURL: health.url))
            let fake = FakeNodePaths(directory: "\(farm.directory)/\(name)")
            let (process, url) = try await RestartIdempotencyTests.launch(
                fake.asFakeNode(), config: "\(farm.directory)/\(name)/node.yaml")
            agents.append(process)
            urls[name] = url
        }
        let endpoints = "\(farm.directory)/endpoints.json"
        try JSONSerialization.data(withJSONObject: ["nodes": urls]).write(to: URL(fileURLWithPath: endpoints))
        let (status, stderr) = try await ChildRun.run(apply.path, [
            "apply", Self.repository.appendingPathComponent("plans/seed-phase1.yaml").path,
            "--endpoints", endpoints, "--state-dir", "\(farm.directory)/apply", "--approve-all",
            "--token-file", "\(farm.directory)/token", "--time-scale", "1000", "--poll-ms", "20",
            "--retry-delay", "0.05"], stderr: true)
        #expect(status == 0, "aeupgrade apply: \(stderr)")
        for (name, url) in urls.sorted(by: { $0.key < $1.key }) {
            let node = try await HTTP.send("GET", "\(url)/v1/node", token: farm.token).json(NodeState.self)
            #expect(node.installedVersion == "24.4.1", "\(name)")
            #expect(node.processes.allSatisfy { $0.state == .running && $0.cpMode != .standby }, "\(name)")
        }
        #expect(try String(contentsOfFile: "\(farm.directory)/shared/zdu", encoding: .utf8).hasPrefix("finalized"))
        #expect(try String(contentsOfFile: "\(farm.directory)/shared/pwp", encoding: .utf8).hasPrefix("AE_1B"))
        let calls = try String(contentsOfFile: "\(farm.directory)/AE_1A/sm-calls", encoding: .utf8)
        #expect(calls.contains("STOP_PROCESS AE_1A WP1") && calls.contains("START_PROCESS AE_1A CP2"))
    }
}

/// Lets `RestartIdempotencyTests.launch` write its log and endpoints file into a farm node's directory.
struct FakeNodePaths {
    let directory: String
    func asFakeNode() throws -> FakeNode { try FakeNode(at: directory) }
}
