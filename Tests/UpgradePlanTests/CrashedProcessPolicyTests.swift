import Testing
@testable import UpgradePlan

/// `policy.onCrashedTargetProcess` and `policy.maxRestarts`: defaults, accepted values, refusals naming file, line and
/// field, and the canonical JSON (written only when set, read back from a plan file).
@Suite struct CrashedProcessPolicyTests {
    private func problems(_ changes: [Int: String]) -> [String] { TopologyFixture.problems(changes) }

    private func policy(_ changes: [Int: String]) throws -> Policy {
        try TopologyLoader.parse(yaml: TopologyFixture.yaml(replacing: changes), file: "x.yaml").policy
    }

    @Test func defaultIsFailWithOneRestart() throws {
        let policy = try policy([:])
        #expect(policy.onCrashedTargetProcess == .fail)
        #expect(policy.maxRestarts == 1)
    }

    @Test func restartWithALimitIsRead() throws {
        #expect(try policy([20: "  onCrashedTargetProcess: restart"]).onCrashedTargetProcess == .restart)
        let two = try policy([20: "  onCrashedTargetProcess: restart\n  maxRestarts: 2"])
        #expect(two.onCrashedTargetProcess == .restart && two.maxRestarts == 2)
        #expect(try policy([20: "  onCrashedTargetProcess: fail"]).onCrashedTargetProcess == .fail)
    }

    @Test func badValuesAreRefusedNamingFileLineAndField() {
        #expect(problems([20: "  onCrashedTargetProcess: reboot"]) == [
            "x.yaml:20: policy.onCrashedTargetProcess: unknown value \"reboot\" (known: fail, restart)",
        ])
        #expect(problems([20: "  onCrashedTargetProcess: restart\n  maxRestarts: 0"]) == [
            "x.yaml:21: policy.maxRestarts: must be at least 1, found 0",
        ])
        #expect(problems([20: "  onCrashedTargetProcess: restart\n  maxRestarts: twice"]).first?
            .hasPrefix("x.yaml:21: policy.maxRestarts: ") == true)
        #expect(problems([20: "  maxRestarts: 2"]) == [
            "x.yaml:20: policy.maxRestarts: has no effect unless onCrashedTargetProcess is restart (write "
                + "onCrashedTargetProcess: restart, or remove maxRestarts)",
        ])
        #expect(problems([20: "  onCrashedTargetProcess: fail\n  maxRestarts: 2"]) == [
            "x.yaml:21: policy.maxRestarts: has no effect unless onCrashedTargetProcess is restart (write "
                + "onCrashedTargetProcess: restart, or remove maxRestarts)",
        ])
    }

    @Test func canonicalJSONWritesThePolicyOnlyWhenSetAndReadsItBack() throws {
        let plain = try TopologyLoader.parse(yaml: TopologyFixture.yaml(), file: "x.yaml")
        guard case .object(let fields) = CanonicalJSON.value(plain.policy) else {
            Issue.record("policy is not an object")
            return
        }
        #expect(fields["onCrashedTargetProcess"] == nil && fields["maxRestarts"] == nil, "the hash stays as it was")
        var topology = plain
        topology.policy.onCrashedTargetProcess = .restart
        topology.policy.maxRestarts = 3
        #expect(TopologyHash.of(topology) != TopologyHash.of(plain))
        var plan = try Planner.plan(topology)
        plan.topologyHash = TopologyHash.of(topology)
        let read = try PlanFile.decode(json: PlanFile.encode(plan), file: "plan.json")
        #expect(read.topology.policy.onCrashedTargetProcess == .restart)
        #expect(read.topology.policy.maxRestarts == 3)
    }
}
