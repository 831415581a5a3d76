import Foundation
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// `policy.hooks`: loaded from YAML with line-numbered errors, run with the step's environment, failing the step.
@Suite("hooks")
struct HookTests {
    static let seed = Fixtures.root.appendingPathComponent("plans/seed-phase1.yaml").path

    /// seed-phase1 with `lines` appended under `policy:`.
    func topology(_ lines: String) throws -> Topology {
        let text = try String(contentsOfFile: Self.seed, encoding: .utf8)
            .replacingOccurrences(of: "policy:\n", with: "policy:\n" + lines)
        return try TopologyLoader.parse(yaml: text, file: "hooks.yaml")
    }

    func run(_ topology: Topology, state: String, log: EventLog = EventLog()) async throws -> RunResult {
        var plan = try Planner.plan(topology)
        plan.topologyHash = TopologyHash.of(topology)
        var options = RunOptions(
            stateDirectory: state, approveAll: true, timeScale: 10_000, pollInterval: .milliseconds(1),
            stepTimeout: .seconds(40_000), retryDelay: .milliseconds(10))
        options.parallel = 1
        let fake = FakeNodeClient(topology: plan.topology)
        return try await WizardOperator.drive(plan, run: { mode in
            try await UpgradeRun(
                plan: plan, client: fake, options: options, clock: ContinuousClock(), emit: { await log.append($0) }
            ).execute(mode)
        }, perform: { try fake.wizard($0) }).result
    }

    @Test func hooksAreLoadedAndBadOnesNamedWithTheirLine() throws {
        let policy = try topology("  hooks: {beforeStep: \"echo hi\", onFailure: \"true\"}\n  hookTimeout: 2m\n").policy
        #expect(policy.hooks == Hooks(beforeStep: "echo hi", onFailure: "true"))
        #expect(policy.hookTimeoutSeconds == 120)
        #expect(try topology("").policy.hooks.isEmpty)
        #expect(try topology("").policy.hookTimeoutSeconds == 60)
        do {
            _ = try topology("  hooks: {beforeStpe: \"echo\"}\n")
            Issue.record("an unknown hook was accepted")
        } catch {
            #expect("\(error)".contains("hooks.yaml:"))
            #expect("\(error)".contains("policy.hooks.beforeStpe"))
        }
    }

    @Test func hooksRunWithTheStepEnvironment() async throws {
        let state = Fixtures.tempDirectory()
        let file = state + "/hooks.log"
        let line = "echo \\\"$HOOK|$STEP_ID|$STEP_KIND|$NODES|$DC|$SYSTEM\\\" >> \(file)"
        let topology = try topology(
            "  hooks: {beforeStep: \"\(line)\", afterStep: \"\(line)\", beforeDC: \"\(line)\", afterDC: \"\(line)\"}\n")
        let result = try await run(topology, state: state)
        #expect(result == .done)
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        let plan = try Planner.plan(topology)
        // beforeStep runs before every attempt (a step retried on a loaded machine runs it again); every step once
        // at least, and afterStep exactly once per step, after it succeeded.
        let before = lines.filter { $0.hasPrefix("beforeStep|") }
        #expect(Set(before.map { String($0.split(separator: "|")[1]) }) == Set(plan.steps.map(\.id)))
        #expect(before.count >= plan.steps.count)
        #expect(lines.filter { $0.hasPrefix("afterStep|") }.count == plan.steps.count)
        let drain = try #require(plan.steps.first { $0.kind == .cpDrain })
        let node = drain.nodes[0]
        let dc = try #require(drain.datacenter)
        #expect(lines.contains("beforeStep|\(drain.id)|cp.drain|\(node)|\(dc)|\(plan.system)"))
        #expect(lines.contains("beforeDC|\(drain.id)|cp.drain|\(node)|\(dc)|\(plan.system)"))
        let beforeDC = lines.firstIndex(of: "beforeDC|\(drain.id)|cp.drain|\(node)|\(dc)|\(plan.system)")!
        #expect(lines[beforeDC + 1] == "beforeStep|\(drain.id)|cp.drain|\(node)|\(dc)|\(plan.system)")
        #expect(Set(lines.filter { $0.hasPrefix("beforeDC|") }.map { $0.split(separator: "|")[4] })
            == Set(plan.topology.datacenters.map { Substring($0) }))
        #expect(lines.filter { $0.hasPrefix("afterDC|") }.allSatisfy { $0.contains("|target.verify|") })
    }

    @Test func failingHookFailsTheStepAndOnFailureIsReported() async throws {
        let state = Fixtures.tempDirectory()
        let file = state + "/failure.log"
        let topology = try topology("""
              hooks:
                afterStep: "[ \\"$STEP_KIND\\" != target.start ] || { echo start veto >&2; exit 3; }"
                onFailure: "echo \\"$STEP_ID: $REASON\\" > \(file); exit 1"

            """)
        let log = EventLog()
        let result = try await run(topology, state: state, log: log)
        guard case .rolledBack(let step, let reason) = result else { Issue.record("got \(result)"); return }
        let plan = try Planner.plan(topology)
        #expect(step == plan.steps.first { $0.kind == .targetStart }?.id)
        #expect(reason.contains("hook afterStep"))
        #expect(reason.contains("start veto"))
        let written = try String(contentsOfFile: file, encoding: .utf8)
        #expect(written.hasPrefix("\(step): hook afterStep"))
        #expect(log.lines.contains { $0.hasPrefix("warning: hook onFailure") })
    }

    @Test func hookTimeoutFailsTheStep() async throws {
        let topology = try topology("  hooks: {beforeStep: \"exec sleep 30\"}\n  hookTimeout: 1s\n")
        let result = try await run(topology, state: Fixtures.tempDirectory())
        guard case .rolledBack(_, let reason) = result else { Issue.record("got \(result)"); return }
        #expect(reason.contains("timed out after 1"))
    }
}
