import Foundation
import NodeAgent
import NodeContract
import NodeTestSupport
import Testing

/// Operation rules of `aeupgrade-node` beyond the shared contract suite: timeouts, the default install's checksum,
/// AE's stop order.
@Suite("aeupgrade-node operations: timeout, checksum, stop order")
struct NodeAgentOperationTests {
    typealias T = NodeAgentHTTPTests

    @Test("a command that outlives commandTimeout is killed and the operation fails saying so")
    func timeout() async throws {
        let fake = try FakeNode()
        try fake.write("slow.sh", "#!/bin/sh\nexec sleep 60\n", executable: true)
        try await T.run(fake, commands: ["zduFinalize": [fake.path("slow.sh")]], timeout: 1) { base, _ in
            let post = try await HTTP.send("POST", "\(base)/v1/system/zdu/finalize", token: fake.token, key: "f")
            #expect(post.status == 202)
            let done = try await HTTP.settle(base, try post.json(NodeContract.Operation.self).id, token: fake.token)
            #expect(done.state == .failed)
            #expect(done.reason?.contains("did not finish within") == true)
            let system = try await HTTP.send("GET", "\(base)/v1/system", token: fake.token).json(SystemState.self)
            #expect(system.zdu.phase == .off)
        }
    }

    @Test("the default install refuses an archive whose checksum does not match and changes nothing")
    func checksumMismatch() async throws {
        let fake = try FakeNode()
        try fake.write("root/staged/24.4.1.tar.gz", "not really an archive")
        try fake.write("root/staged/24.4.1.tar.gz.sha256", String(repeating: "0", count: 64) + "  x\n")
        try fake.write("sm-state", "AE1A WP1|S\nAE1A WP2|S\nAE1A CP1|S\n")
        try await T.run(fake) { base, _ in
            let before = try await HTTP.send("GET", "\(base)/v1/node", token: fake.token).json(NodeState.self)
            #expect(before.stagedVersion == "24.4.1")
            let post = try await HTTP.send("POST", "\(base)/v1/node/binaries/install", token: fake.token, key: "i",
                                           body: #"{"version":"24.4.1"}"#)
            #expect(post.status == 202)
            let done = try await HTTP.settle(base, try post.json(NodeContract.Operation.self).id, token: fake.token)
            #expect(done.state == .failed)
            #expect(done.reason?.contains("checksum mismatch") == true)
            let after = try await HTTP.send("GET", "\(base)/v1/node", token: fake.token).json(NodeState.self)
            #expect(after.installedVersion == "21.0.5")
            #expect(!FileManager.default.fileExists(atPath: fake.path("root/24.4.1")))
        }
    }

    @Test("wps/stop follows AE's stop order: WPs except the PWP, then CPs, then the PWP")
    func stopOrder() async throws {
        let fake = try FakeNode()
        try await T.run(fake, commands: ["pwpLocation": ["/bin/echo", "AE_1A AE_1A/WP1"]]) { base, _ in
            let node = try await HTTP.send("GET", "\(base)/v1/node", token: fake.token).json(NodeState.self)
            #expect(node.processes.filter(\.pwp).map(\.id) == ["AE_1A/WP1"])
            let post = try await HTTP.send("POST", "\(base)/v1/node/wps/stop", token: fake.token, key: "s", body: "{}")
            let done = try await HTTP.settle(base, try post.json(NodeContract.Operation.self).id, token: fake.token)
            #expect(done.state == .succeeded)
            let stops = fake.read("sm-calls").split(separator: "\n").filter { $0.hasPrefix("STOP_PROCESS") }
            #expect(stops == ["STOP_PROCESS AE1A WP2", "STOP_PROCESS AE1A CP1", "STOP_PROCESS AE1A WP1"])
        }
    }
}
