import Foundation
import NodeContract
import NodeTestSupport
import Testing

/// `aeupgrade apply` of plans/seed-phase1.yaml against two real `aeupgrade-node` processes backed by the fakes; the
/// test plays the operator at each wizard stop (exit 75) and resumes.
@Suite("aeupgrade apply against two aeupgrade-node instances")
struct ApplySeedFarmTests {
    static var binDirectory: URL { URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent() }
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test("seed phase 1 runs to the end through ucybsmcl, stopping at the DB load, the switch and finalize")
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
            let (process, url) = try await RestartIdempotencyTests.launch(
                try FakeNode(at: "\(farm.directory)/\(name)"), config: "\(farm.directory)/\(name)/node.yaml")
            agents.append(process)
            urls[name] = url
        }
        let endpoints = "\(farm.directory)/endpoints.json"
        try JSONSerialization.data(withJSONObject: ["nodes": urls]).write(to: URL(fileURLWithPath: endpoints))
        let options = [
            Self.repository.appendingPathComponent("plans/seed-phase1.yaml").path, "--endpoints", endpoints,
            "--state-dir", "\(farm.directory)/apply", "--approve-all", "--token-file", "\(farm.directory)/token",
            "--time-scale", "1000", "--poll-ms", "20", "--retry-delay", "0.05"]
        // The operator's wizard steps in the AWI, in order, each done when the run stops for it.
        let wizard: [(String, () throws -> Void)] = [
            ("DB load", { try farm.put("shared/zdu", "compatibility 24.4.4\n") }),
            ("switch", {
                try farm.put("shared/zdu", "switched 24.4.4\n")
                try farm.put("shared/pwp", "AE_1B AE_1B/WP1@24.4.4\n")
            }),
            ("finalize", {
                try farm.put("shared/zdu", "finalized 24.4.4\n")
                try farm.set("AE_1A", target: false, "S")
            }),
        ]
        var (status, stderr) = try await ChildRun.run(apply.path, ["apply"] + options, stderr: true)
        for (step, perform) in wizard {
            #expect(status == 75, "aeupgrade should stop for the wizard's \(step): \(stderr)")
            guard status == 75 else { return }
            try perform()
            (status, stderr) = try await ChildRun.run(apply.path, ["resume"] + options, stderr: true)
        }
        #expect(status == 0, "aeupgrade resume after finalize: \(stderr)")
        for (name, url) in urls.sorted(by: { $0.key < $1.key }) {
            let node = try await HTTP.send("GET", "\(url)/v1/node", token: farm.token).json(NodeState.self)
            let target = node.processes.filter { $0.id.hasSuffix("@24.4.4") }
            #expect(node.stagedVersion == "24.4.4" && target.count == 9, "\(name)")
            #expect(target.allSatisfy { $0.state == .running }, "\(name)")
            #expect(node.processes.filter { !$0.id.contains("@") }.allSatisfy { $0.state == .stopped }, "\(name)")
        }
        let calls = try String(contentsOfFile: "\(farm.directory)/AE_1B/sm-calls", encoding: .utf8)
        #expect(calls.contains("STOP_PROCESS AE_1B JCP1 -m C") && calls.contains("START_PROCESS AE_1B-T REST1"))
        #expect(!calls.contains("START_PROCESS AE_1B WP"), "no base process is ever started in compatibility mode")
    }
}
