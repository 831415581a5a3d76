import Foundation
import NodeTestSupport
import Testing

/// `aeupgrade-node --check` (and a start) names every file node.yaml points at that does not exist, at once.
@Suite struct ConfigFilesCheckTests {
    @Test func checkNamesEveryMissingFileAndPassesOnceTheyExist() async throws {
        let tool = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("aeupgrade-node").path
        let node = try FakeNode()
        let config = node.path("node.yaml")
        try node.write("node.yaml", node.config(healthURL: "http://127.0.0.1:9/health"))
        let valid = try await ChildRun.run(tool, ["--config", config, "--check"], stderr: true)
        #expect(valid.status == 0, "\(valid.output)")
        #expect(valid.output.contains("valid, 1 node(s): AE_1A"))

        try FileManager.default.removeItem(atPath: node.path("token"))
        try FileManager.default.removeItem(atPath: node.path("phrase"))
        let missing = try await ChildRun.run(tool, ["--config", config, "--check"], stderr: true)
        #expect(missing.status == 1)
        #expect(missing.output.contains("\(config): tokenFile: \(node.path("token")): no such file"), "\(missing.output)")
        #expect(missing.output.contains("\(config): serviceManager.phraseFile: \(node.path("phrase")): no such file"))
        #expect(!missing.output.contains("valid"))
    }
}
