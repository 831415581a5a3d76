import Foundation
import NodeTestSupport
import NodeContract
import Testing

/// The real `aeupgrade-node` binary, killed (SIGKILL) while an operation runs, then restarted on the same state.
@Suite("aeupgrade-node restart keeps idempotency")
struct RestartIdempotencyTests {
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("aeupgrade-node")
    }

    /// Starts the binary and waits (bounded) for its endpoints file.
    static func launch(_ fake: FakeNode, config: String) async throws -> (Process, String) {
        let endpoints = fake.path("endpoints-\(UUID().uuidString).json")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--config", config, "--endpoints-out", endpoints]
        process.standardError = FileHandle(forWritingAtPath: fake.path("agent.log")) ?? FileHandle.nullDevice
        try process.run()
        for _ in 0..<2400 {  // up to a minute on a loaded machine
            if let data = FileManager.default.contents(atPath: endpoints),
               let object = try? JSONSerialization.jsonObject(with: data) as? [String: [String: String]],
               let url = object["nodes"]?.values.first { return (process, url) }
            try await Task.sleep(for: .milliseconds(25))
        }
        process.terminate()
        throw CancellationError()
    }

    @Test("a key cut off by a restart runs the step afresh once; after another restart it answers the success")
    func restartMidOperation() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the aeupgrade-node product")
        let fake = try FakeNode()
        FileManager.default.createFile(atPath: fake.path("agent.log"), contents: nil)
        // The command counts its runs and records its pid, blocks until the `release` file appears, then stages.
        try fake.write("stage.sh", """
            #!/bin/sh
            echo run >> "\(fake.path("stage-runs"))"
            echo $$ > "\(fake.path("stage-pid"))"
            while [ ! -e "\(fake.path("release"))" ]; do sleep 0.05; done
            mkdir "\(fake.path("root"))/$1"
            """, executable: true)
        let health = try await FakeHealth.start()
        do { try await restartMidOperation(fake, health) } catch {
            await health.stop()
            throw error
        }
        await health.stop()
    }

    private func restartMidOperation(_ fake: FakeNode, _ health: FakeHealth) async throws {
        try fake.write("node.yaml", fake.config(
            healthURL: health.url, commands: ["binariesStage": [fake.path("stage.sh"), "{version}"]]))
        let stage = #"{"version":"24.4.4"}"#
        let (first, base) = try await Self.launch(fake, config: fake.path("node.yaml"))
        let post = try await HTTP.send("POST", "\(base)/v1/node/binaries/stage", token: fake.token, key: "stage-1",
                                       body: stage)
        #expect(post.status == 202)
        let started = try post.json(NodeContract.Operation.self)
        for _ in 0..<400 where fake.read("stage-runs").isEmpty { try await Task.sleep(for: .milliseconds(25)) }
        #expect(fake.read("stage-runs") == "run\n")
        kill(first.processIdentifier, SIGKILL)
        await ChildRun.exit(of: first)
        // What systemd's KillMode=control-group does (docs/node.md): the dead agent's command dies with it.
        kill(pid_t(fake.read("stage-pid").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0, SIGKILL)
        try fake.write("release", "")

        let (second, again) = try await Self.launch(fake, config: fake.path("node.yaml"))
        let cut = try await HTTP.send("GET", "\(again)\(ContractPath.operation(id: started.id))", token: fake.token)
            .json(NodeContract.Operation.self)
        #expect(cut.state == .failed)
        #expect(cut.reason?.contains("stopped while this operation ran") == true)
        let retry = try await HTTP.send("POST", "\(again)/v1/node/binaries/stage", token: fake.token, key: "stage-1",
                                        body: stage)
        #expect(retry.status == 202)
        let rerun = try retry.json(NodeContract.Operation.self)
        #expect(rerun.id != started.id, "a failed operation's key starts the step afresh")
        #expect(try await HTTP.settle(again, rerun.id, token: fake.token).state == .succeeded)
        second.terminate()
        await ChildRun.exit(of: second)

        let (third, last) = try await Self.launch(fake, config: fake.path("node.yaml"))
        defer { third.terminate() }
        let replay = try await HTTP.send("POST", "\(last)/v1/node/binaries/stage", token: fake.token, key: "stage-1",
                                         body: stage)
        #expect(replay.status == 202)
        let same = try replay.json(NodeContract.Operation.self)
        #expect(same.id == rerun.id && same.state == .succeeded)
        let reused = try await HTTP.send("POST", "\(last)/v1/node/binaries/stage", token: fake.token, key: "stage-1",
                                         body: #"{"version":"9.9.9"}"#)
        #expect(reused.status == 422)
        #expect(fake.read("stage-runs") == "run\nrun\n")
        #expect(!fake.read("agent.log").contains(fake.phrase))
        #expect(!fake.read("agent.log").contains(fake.token))
    }
}
