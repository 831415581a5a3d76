import Foundation
import NodeAgent
import NodeContract
import NodeTestSupport
import Testing

/// Operation rules of `aeupgrade-node` beyond the shared contract suite: AE's stop and start orders, stop modes,
/// target/stop after the switch, postconditions observed, the default stage, timeouts.
@Suite("aeupgrade-node operations: orders, modes, stage, postconditions")
struct NodeAgentOperationTests {
    typealias T = NodeAgentHTTPTests

    /// The `ucybsmcl` calls of one command, in order.
    static func calls(_ fake: FakeNode, _ command: String) -> [String] {
        fake.calls.filter { $0.hasPrefix(command) }
    }

    @Test("cps/stop stops the base CPs and JCPs (-m C); again under a new key it changes nothing")
    func cpsStop() async throws {
        let fake = try FakeNode()
        try await T.run(fake) { base, _ in
            let first = try await T.operate(base, fake, ContractPath.cpsStop, key: "c1")
            #expect(first.state == .succeeded)
            #expect(Self.calls(fake, "STOP") == ["STOP_PROCESS AE1A CP1 -m C", "STOP_PROCESS AE1A JCP1 -m C"])
            let again = try await T.operate(base, fake, ContractPath.cpsStop, key: "c2")
            #expect(again.state == .succeeded && again.output == [])
            #expect(Self.calls(fake, "STOP").count == 2)
        }
    }

    @Test("wps/stop follows AE's stop order: WPs except the PWP, JWPs, REST, then the PWP's WP (AE-ORDER-1)")
    func stopOrder() async throws {
        let fake = try FakeNode()
        try await T.run(fake) { base, _ in
            let done = try await T.operate(base, fake, ContractPath.wpsStop, key: "s", body: "{}")
            #expect(done.state == .succeeded)
            #expect(Self.calls(fake, "STOP") == ["STOP_PROCESS AE1A WP2 -m C", "STOP_PROCESS AE1A JWP1 -m C",
                                                 "STOP_PROCESS AE1A REST1 -m C", "STOP_PROCESS AE1A WP1 -m C"])
            let node = try await T.node(base, fake)
            #expect(node.processes.filter(\.kind.servesAgents).allSatisfy { $0.state == .running })
        }
    }

    @Test("without pwpLocation wps/stop stops the first configured WP last; GET /v1/system has no pwp")
    func stopOrderWithoutPWPLocation() async throws {
        let fake = try FakeNode()
        try await T.run(fake, FakeNodeOptions(pwp: false)) { base, _ in
            let system = try await HTTP.send("GET", "\(base)\(ContractPath.system)", token: fake.token)
                .json(SystemState.self)
            #expect(system.pwp == nil)
            #expect(try await T.node(base, fake).processes.allSatisfy { !$0.pwp })
            _ = try await T.operate(base, fake, ContractPath.wpsStop, key: "s", body: "{}")
            #expect(Self.calls(fake, "STOP").last == "STOP_PROCESS AE1A WP1 -m C")
            #expect(Self.calls(fake, "STOP").first == "STOP_PROCESS AE1A WP2 -m C")
        }
    }

    @Test("wps/stop with drain false uses noDrainStopMode (A here); stopMode stays for the rest")
    func noDrainMode() async throws {
        let fake = try FakeNode()
        try await T.run(fake, FakeNodeOptions(serviceManagerExtra: "\n  noDrainStopMode: A")) { base, _ in
            _ = try await T.operate(base, fake, ContractPath.wpsStop, key: "s", body: #"{"drain": false}"#)
            _ = try await T.operate(base, fake, ContractPath.cpsStop, key: "c")
            #expect(Self.calls(fake, "STOP").map { $0.hasSuffix("-m A") } == [true, true, true, true, false, false])
        }
    }

    @Test("target/start starts the target services in AE's start order: WPs, JWP, REST, then CPs, JCPs")
    func targetStartOrder() async throws {
        let fake = try FakeNode()
        try fake.setPhase("compatibility 24.4.4")
        try FileManager.default.createDirectory(atPath: fake.path("root/24.4.4"), withIntermediateDirectories: true)
        try fake.write("sm-state", fake.read("sm-state").replacingOccurrences(of: "|R", with: "|S"))
        try await T.run(fake) { base, _ in
            let done = try await T.operate(
                base, fake, ContractPath.targetStart, key: "t", body: #"{"version":"24.4.4"}"#)
            #expect(done.state == .succeeded)
            #expect(Self.calls(fake, "START") == ["WP1", "WP2", "JWP1", "REST1", "CP1", "JCP1"].map {
                "START_PROCESS AE1A-T \($0)"
            })
            let node = try await T.node(base, fake)
            #expect(node.processes.filter { $0.id.hasSuffix("@24.4.4") }.allSatisfy { $0.state == .running })
        }
    }

    @Test("target/stop stops the target processes before the switch and is 409 after it (use the wizard's rollback)")
    func targetStop() async throws {
        let fake = try FakeNode()
        try fake.setPhase("switched 24.4.4")
        try FileManager.default.createDirectory(atPath: fake.path("root/24.4.4"), withIntermediateDirectories: true)
        try fake.write("sm-state", fake.read("sm-state").replacingOccurrences(of: "|S", with: "|R"))
        try await T.run(fake) { base, _ in
            let refused = try await HTTP.send("POST", "\(base)\(ContractPath.targetStop)", token: fake.token, key: "x")
            #expect(refused.status == 409)
            #expect(try refused.json(Problem.self).detail?.contains("rollback") == true)
            try fake.setPhase("compatibility 24.4.4 rolledBack")
            #expect(try await T.operate(base, fake, ContractPath.targetStop, key: "y").state == .succeeded)
            #expect(Self.calls(fake, "STOP").map { $0.replacingOccurrences(of: "STOP_PROCESS AE1A-T ", with: "") }
                == ["WP2 -m C", "WP1 -m C", "JWP1 -m C", "REST1 -m C", "CP1 -m C", "JCP1 -m C"])
        }
    }

    @Test("an operation fails when ucybsmcl exits 0 but the ServiceManager never lists the new state")
    func postconditionObserved() async throws {
        let fake = try FakeNode()
        try FileManager.default.moveItem(atPath: fake.path("ucybsmcl"), toPath: fake.path("ucybsmcl-real"))
        try fake.write("ucybsmcl", """
            #!/bin/sh
            case "$*" in *GET_PROCESS_LIST*) exec "\(fake.path("ucybsmcl-real"))" "$@";; esac
            exit 0
            """, executable: true)
        try await T.run(fake, FakeNodeOptions(timeout: 1)) { base, _ in
            let done = try await T.operate(base, fake, ContractPath.cpsStop, key: "c")
            #expect(done.state == .failed)
            #expect(done.reason?.contains("still lists \"AE1A CP1\" running, \"AE1A JCP1\" running") == true)
        }
    }

    @Test("the default stage checks the archive's sha256, unpacks it into <root>/<version> and nothing else")
    func defaultStage() async throws {
        let fake = try FakeNode()
        try fake.write("pack.sh", FakeNode.archiveScript, executable: true)
        #expect(try await ChildRun.run(fake.path("pack.sh"), [fake.path("archives"), "24.4.4"]).status == 0)
        try fake.write("archives/24.4.5.tar.gz", "not really an archive")
        try fake.write("archives/24.4.5.tar.gz.sha256", String(repeating: "0", count: 64) + "  x\n")
        try await T.run(fake) { base, _ in
            let bad = try await T.operate(
                base, fake, ContractPath.binariesStage, key: "b", body: #"{"version":"24.4.5"}"#)
            #expect(bad.state == .failed)
            #expect(bad.reason?.contains("checksum mismatch") == true)
            #expect(try await T.node(base, fake).stagedVersion == nil)
            let good = try await T.operate(
                base, fake, ContractPath.binariesStage, key: "g", body: #"{"version":"24.4.4"}"#)
            #expect(good.state == .succeeded)
            #expect(fake.read("root/24.4.4/ucsrvwp") == "AE server 24.4.4\n")
            let versions = try FileManager.default.contentsOfDirectory(atPath: fake.path("root")).sorted()
            #expect(versions == ["24.4.1", "24.4.4"])
            #expect(try await T.node(base, fake).stagedVersion == "24.4.4")
        }
    }

    /// One that outlives commandTimeout is killed.
    @Test("a stage command that exits 0 without the version's directory fails")
    func stageCommandChecked() async throws {
        let fake = try FakeNode()
        try fake.write("noop.sh", "#!/bin/sh\nexit 0\n", executable: true)
        try fake.write("slow.sh", "#!/bin/sh\nexec sleep 60\n", executable: true)
        try await T.run(fake, FakeNodeOptions(commands: ["binariesStage": [fake.path("noop.sh")]])) { base, _ in
            let done = try await T.operate(
                base, fake, ContractPath.binariesStage, key: "n", body: #"{"version":"24.4.4"}"#)
            #expect(done.state == .failed)
            #expect(done.reason?.contains("root/24.4.4 does not exist") == true)
        }
        let slow = FakeNodeOptions(commands: ["binariesStage": [fake.path("slow.sh")]], timeout: 1)
        try await T.run(fake, slow) { base, _ in
            let done = try await T.operate(
                base, fake, ContractPath.binariesStage, key: "s", body: #"{"version":"24.4.4"}"#)
            #expect(done.state == .failed)
            #expect(done.reason?.contains("did not finish within") == true)
        }
    }
}
