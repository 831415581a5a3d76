import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradePlan

/// The server shell: the real (scaled) clock, endpoint faults, admin endpoint, and the spec kept in sync.
@Suite("SimulatedFarm shell: clock, faults, admin, spec")
struct FarmShellTests {
    @Test("with a scaled clock operations complete on their own (polled with a bound, no sleeps)")
    func scaledClock() async throws {
        let farm = try await SimulatedFarm.start(
            topology: Fixtures.small(), options: SimulationOptions(clock: .scaled(1000), seed: 3))
        let client = HTTPTestClient()
        let base = farm.endpoints.nodes["AE_1B"]!
        let operation = try await client.post(base + ContractPath.cpsStop, key: "s").decode(Operation.self)
        var state = operation.state
        let deadline = ContinuousClock.now + .seconds(10)
        while state == .running && ContinuousClock.now < deadline {
            state = try await client.get(base + ContractPath.operation(id: operation.id)).decode(Operation.self).state
            await Task.yield()
        }
        #expect(state == .succeeded)
        #expect(await farm.report().simulatedSeconds >= 10)
        await farm.stop()
    }

    @Test("a slow fault delays answers; a crash through the admin endpoint stops the process")
    func slowAndCrash() async throws {
        try await Fixtures.withFarm { farm in
            let client = HTTPTestClient()
            let admin = farm.endpoints.admin
            _ = try await client.send(
                "POST", admin + "/faults", json: #"{"kind": "slow", "node": "AE_1A", "delayMs": 300}"#)
            let started = ContinuousClock.now
            #expect(try await client.get(farm.endpoints.nodes["AE_1A"]! + ContractPath.node).status == 200)
            #expect(ContinuousClock.now - started >= .milliseconds(300))
            let crash = try await client.send(
                "POST", admin + "/faults", json: #"{"kind": "crash", "process": "AE_1B/CP1"}"#)
            #expect(crash.status == 201)
            let node = try await client.get(farm.endpoints.nodes["AE_1B"]! + ContractPath.node).decode(NodeState.self)
            #expect(node.processes.first { $0.id == "AE_1B/CP1" }?.state == .stopped)
            let listed = try await client.get(admin + "/faults")
            #expect(listed.text.contains("slow"))
            let clock = try await client.send("POST", admin + "/clock", json: #"{"advanceSeconds": 30}"#)
            #expect(clock.text.contains("30"))
        }
    }

    @Test("the in-process API starts several farms side by side on distinct ephemeral ports")
    func twoFarms() async throws {
        try await Fixtures.withFarm { first in
            try await Fixtures.withFarm(Fixtures.small(nodesPerDC: 2)) { second in
                let ports = Set(Array(first.endpoints.nodes.values) + Array(second.endpoints.nodes.values))
                #expect(ports.count == 6)
                #expect(second.endpoints.nodes.keys.sorted() == ["AE_1A", "AE_1B", "AE_2A", "AE_2B"])
            }
        }
    }

    @Test("every path of the node contract is in spec/node-api.yaml, and the spec has no path the types lack")
    func specInSync() throws {
        let spec = try String(
            contentsOf: Fixtures.root.appendingPathComponent("spec/node-api.yaml"), encoding: .utf8)
        let paths = [
            ContractPath.node, ContractPath.system, ContractPath.binariesStage, ContractPath.cpsStop,
            ContractPath.wpsStop, ContractPath.targetStart, ContractPath.targetStop, ContractPath.processesStart,
            ContractPath.operations + "{id}", ContractPath.operationList,
            ContractPath.fence, ContractPath.fenceRelease, ContractPath.wizardPrefix + "{step}",
        ]
        let specPaths = spec.split(separator: "\n").filter { $0.hasPrefix("  /v1/") }
            .map { String($0.dropFirst(2).dropLast()) }
        #expect(Set(specPaths) == Set(paths))
        let fields = [
            "installedVersion", "stagedVersion", "idempotencyKey", "disconnected", "rolledBack", "Idempotency-Key",
            "wizardSteps",
        ]
        for field in fields {
            #expect(spec.contains(field))
        }
    }

    @Test("spec/admin-api.yaml lists the wizard paths and every field of the availability report")
    func adminSpecInSync() throws {
        let spec = try String(
            contentsOf: Fixtures.root.appendingPathComponent("spec/admin-api.yaml"), encoding: .utf8)
        for path in ["/report:", "/faults:", "/clock:", "/zdu/dbload:", "/zdu/switch:", "/zdu/finalize:",
                     "/zdu/rollback:"] {
            #expect(spec.contains("\n  \(path)\n"), "\(path)")
        }
        var model = Fixtures.model()
        model.advance(by: 60)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(model.report())) as! [String: Any]
        var fields = Set(json.keys)
        for key in ["jobs", "effects"] { fields.formUnion((json[key] as! [String: Any]).keys) }
        for key in ["netAreas", "nodes"] { fields.formUnion((json[key] as! [[String: Any]])[0].keys) }
        fields.formUnion(((json["netAreas"] as! [[String: Any]])[0]["kinds"] as! [[String: Any]])[0].keys)
        for field in fields.sorted() {
            #expect(spec.contains(field + ":"), "\(field) is not in spec/admin-api.yaml")
        }
    }
}
