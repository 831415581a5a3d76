import Foundation
import NodeAgent
import NodeContract
import Testing

/// Operation rules of `aeupgrade-node`: one at a time per node, timeouts, the default install's checksum.
@Suite("aeupgrade-node operations: concurrency, timeout, checksum")
struct NodeAgentOperationTests {
    typealias T = NodeAgentHTTPTests

    @Test("one operation at a time per node: another is 409, the same request under a new key joins it")
    func oneAtATime() async throws {
        let fake = try FakeNode()
        try fake.write("block.sh", "#!/bin/sh\nwhile [ ! -e \"\(fake.path("release"))\" ]; do sleep 0.05; done\n",
                       executable: true)
        let (base, server, _) = try await T.start(fake, commands: ["binariesStage": [fake.path("block.sh")]])
        defer { Task { await server.stop() } }
        let first = try await HTTP.send("POST", "\(base)/v1/node/binaries/stage", token: fake.token, key: "a",
                                        body: #"{"version":"24.4.1"}"#)
        #expect(first.status == 202)
        let other = try await HTTP.send("POST", "\(base)/v1/node/cps/standby", token: fake.token, key: "b")
        #expect(other.status == 409)
        let joined = try await HTTP.send("POST", "\(base)/v1/node/binaries/stage", token: fake.token, key: "c",
                                         body: #"{"version":"24.4.1"}"#)
        #expect(joined.status == 202)
        #expect(try joined.json(NodeContract.Operation.self).id == first.json(NodeContract.Operation.self).id)
        try fake.write("release", "")
        let done = try await T.settle(base, try first.json(NodeContract.Operation.self).id, token: fake.token)
        #expect(done.state == .succeeded)
        let now = try await HTTP.send("POST", "\(base)/v1/node/cps/standby", token: fake.token, key: "b")
        #expect(now.status == 202)
    }

    @Test("a command that outlives commandTimeout is killed and the operation fails saying so")
    func timeout() async throws {
        let fake = try FakeNode()
        try fake.write("slow.sh", "#!/bin/sh\nexec sleep 60\n", executable: true)
        let (base, server, _) = try await T.start(
            fake, commands: ["zduFinalize": [fake.path("slow.sh")]], timeout: 1)
        defer { Task { await server.stop() } }
        let post = try await HTTP.send("POST", "\(base)/v1/system/zdu/finalize", token: fake.token, key: "f")
        #expect(post.status == 202)
        let done = try await T.settle(base, try post.json(NodeContract.Operation.self).id, token: fake.token)
        #expect(done.state == .failed)
        #expect(done.reason?.contains("did not finish within") == true)
        let system = try await HTTP.send("GET", "\(base)/v1/system", token: fake.token).json(SystemState.self)
        #expect(system.zdu.phase == .off)
    }

    @Test("the default install refuses an archive whose checksum does not match and changes nothing")
    func checksumMismatch() async throws {
        let fake = try FakeNode()
        try fake.write("root/staged/24.4.1.tar.gz", "not really an archive")
        try fake.write("root/staged/24.4.1.tar.gz.sha256", String(repeating: "0", count: 64) + "  x\n")
        try fake.write("sm-state", "AE1A WP1|S\nAE1A WP2|S\nAE1A CP1|S\n")
        let (base, server, _) = try await T.start(fake)
        defer { Task { await server.stop() } }
        let before = try await HTTP.send("GET", "\(base)/v1/node", token: fake.token).json(NodeState.self)
        #expect(before.stagedVersion == "24.4.1")
        let post = try await HTTP.send("POST", "\(base)/v1/node/binaries/install", token: fake.token, key: "i",
                                       body: #"{"version":"24.4.1"}"#)
        #expect(post.status == 202)
        let done = try await T.settle(base, try post.json(NodeContract.Operation.self).id, token: fake.token)
        #expect(done.state == .failed)
        #expect(done.reason?.contains("checksum mismatch") == true)
        let after = try await HTTP.send("GET", "\(base)/v1/node", token: fake.token).json(NodeState.self)
        #expect(after.installedVersion == "21.0.5")
        #expect(!FileManager.default.fileExists(atPath: fake.path("root/24.4.1")))
    }

    @Test("wps/stop follows AE's stop order: WPs except the PWP, then CPs, then the PWP")
    func stopOrder() async throws {
        let fake = try FakeNode()
        let (base, server, _) = try await T.start(fake, commands: ["pwpLocation": ["/bin/echo", "AE_1A AE_1A/WP1"]])
        defer { Task { await server.stop() } }
        let node = try await HTTP.send("GET", "\(base)/v1/node", token: fake.token).json(NodeState.self)
        #expect(node.processes.filter(\.pwp).map(\.id) == ["AE_1A/WP1"])
        let post = try await HTTP.send("POST", "\(base)/v1/node/wps/stop", token: fake.token, key: "s", body: "{}")
        let done = try await T.settle(base, try post.json(NodeContract.Operation.self).id, token: fake.token)
        #expect(done.state == .succeeded)
        let stops = fake.read("sm-calls").split(separator: "\n").filter { $0.hasPrefix("STOP_PROCESS") }
        #expect(stops == ["STOP_PROCESS AE1A WP2", "STOP_PROCESS AE1A CP1", "STOP_PROCESS AE1A WP1"])
    }
}
