import FarmSimulator
import Foundation
import NodeContract
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// The live checks the proof relies on: the first apply starts from every process running and every agent where
/// the topology says; agent data must cover every declared (NetArea, via) pair; finalize is checked on the farm as
/// it will be once the base processes are gone.
@Suite("live preconditions")
struct LivePreconditionTests {
    func runner(_ plan: Plan, _ client: any NodeClient) -> StepRunner<ContinuousClock> {
        StepRunner(
            client: client, topology: plan.topology, planHash: "h", generation: 1, version: "24.4.4",
            pollInterval: .milliseconds(1), stepTimeout: .seconds(120), clock: ContinuousClock())
    }

    func firstApply(_ plan: Plan, _ client: any NodeClient) async throws -> [String] {
        var options = UpgradeRunTests.options
        options.stateDirectory = Fixtures.tempDirectory()
        do {
            _ = try await UpgradeRun(
                plan: plan, client: client, options: options, clock: ContinuousClock(), emit: { _ in }
            ).execute(.apply)
            return []
        } catch {
            guard case .drift(let differences) = error else { throw error }
            return differences
        }
    }

    @Test func firstApplyRefusesAgentsOutsideTheirNetArea() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let client = EditedNodeClient(fake: fake, system: { system in
            if let index = system.netAreas.firstIndex(where: { $0.name == "NA_DC2" && $0.via == .jcp }) {
                system.netAreas[index].home -= 5
            }
        })
        let differences = try await firstApply(plan, client)
        #expect(differences == ["NA_DC2 via JCP: 5 agents connected outside their NetArea; the plan starts from "
            + "every agent on its own NetArea's CPs/JCPs"])
        #expect(fake.posts.isEmpty)
    }

    @Test func firstApplyRefusesAgentCountsOtherThanDeclared() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let client = EditedNodeClient(fake: fake, system: { system in
            if let index = system.netAreas.firstIndex(where: { $0.name == "NA_DC1" && $0.via == .cp }) {
                system.netAreas[index].agents += 3
                system.netAreas[index].home += 3
            }
        })
        #expect(try await firstApply(plan, client)
            == ["NA_DC1 via CP: 23 agents reported, the topology declares 20"])
    }

    @Test func firstApplyRefusesAMissingAgentPairNamingTheNodeAndSetting() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        let client = EditedNodeClient(fake: fake, system: { system in
            system.netAreas.removeAll { $0.name == "NA_DC2" && $0.via == .cp }
        })
        let differences = try await firstApply(plan, client)
        #expect(differences.count == 1)
        let text = try #require(differences.first)
        #expect(text.contains("node AE_1A"), "the node whose GET /v1/system answered")
        #expect(text.contains("NA_DC2 via CP"))
        #expect(text.contains("commands.agentCounts in node AE_1A's node.yaml"))
    }

    @Test func anAgentWaitFailsClosedWhenOneDeclaredPairIsMissing() async throws {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        try StepRunnerTests().prepareAE1B(fake)
        let client = EditedNodeClient(fake: fake, system: { system in
            system.netAreas.removeAll { $0.name == "NA_DC1" && $0.via == .jcp }
        })
        let step = try #require(plan.step(id: "DC2/AE_1B/agents.await-reconnect"))
        let outcome = await runner(plan, client).perform(step, attempt: 1)
        guard case .stepFailed(_, let reason, let retryable) = outcome.event else {
            Issue.record("an agent wait passed without data for NA_DC1 via JCP: \(outcome.event)")
            return
        }
        #expect(reason.contains("from node AE_1B reports no agents for NA_DC1 via JCP"))
        #expect(reason.contains("commands.agentCounts in node AE_1B's node.yaml"))
        #expect(!retryable)
    }

    /// Seed phase 1 at the finalize stop: AE_1B runs its target processes (PWP on one of them), AE_1A only base.
    func atFinalize() async throws -> (Plan, FakeNodeClient) {
        let plan = try Fixtures.plan("seed-phase1")
        let fake = FakeNodeClient(topology: plan.topology)
        var options = UpgradeRunTests.options
        options.stateDirectory = Fixtures.tempDirectory()
        options.approveAll = true
        let run = UpgradeRun(plan: plan, client: fake, options: options, clock: ContinuousClock(), emit: { _ in })
        try fake.wizard(.dbLoad(version: "24.4.4"))
        #expect(try await run.execute(.apply) == .paused(["zdu.switch"]))
        try fake.wizard(.switchOver)
        #expect(try await run.execute(.resume) == .paused(["zdu.finalize"]))
        return (plan, fake)
    }

    @Test func finalizeIsCheckedOnTheFarmAsItWillBeWithoutBaseProcesses() async throws {
        let (plan, fake) = try await atFinalize()
        // AE_1B's target CPs stopped: today AE_1A's base CPs still serve the CP agents (a last resort until
        // finalize); once finalize shuts the base processes down, no CP would serve.
        let client = EditedNodeClient(fake: fake, node: { node in
            guard node.name == "AE_1B" else { return }
            for index in node.processes.indices where node.processes[index].kind == .cp
                && node.processes[index].version == "24.4.4" {
                node.processes[index].state = .stopped
            }
        })
        let live = try await LiveState.fetch(client, topology: plan.topology)
        #expect(!HealthCheck.problems(topology: plan.topology, live: live).contains { $0.contains("serving CP") },
            "base CPs serve now")
        let step = try #require(plan.step(id: "zdu.finalize"))
        let outcome = await runner(plan, client).perform(step, attempt: 1)
        guard case .stepFailed(_, let reason, let retryable) = outcome.event else {
            Issue.record("finalize was left to the operator on a farm it would leave without a CP: \(outcome.event)")
            return
        }
        #expect(reason.hasPrefix("health check: "))
        #expect(reason.contains("no serving CP in NA_DC1, NA_DC2 once finalize shuts down the base processes"))
        #expect(reason.contains("0 CPs serve, policy.minActiveCPs is 1 once finalize shuts down the base processes"))
        #expect(retryable)
        #expect(fake.inspect { $0.systemState().zdu.phase } == .switched)
    }

    @Test func finalizeOnAHealthyFarmWaitsForTheOperator() async throws {
        let (plan, fake) = try await atFinalize()
        let step = try #require(plan.step(id: "zdu.finalize"))
        #expect(await runner(plan, fake).perform(step, attempt: 1).event == .awaitingOperator("zdu.finalize"))
    }
}

/// A TLS failure that hits every node (a wrong --cacert) is named once with the nodes, not once per node.
@Suite("TLS failures named once")
struct TLSNamedOnceTests {
    @Test func aTLSFailureOfManyNodesIsOneDifference() throws {
        let plan = try Fixtures.plan("seed-phase2")
        let names = plan.topology.nodes.map(\.name)
        var unreachable: [String: String] = [:]
        for name in names {
            unreachable[name] = NodeError.transport(
                node: name, url: "https://\(name):8443/v1/node", curlCode: 60, message: "SSL peer certificate",
                attempts: 1).description
        }
        let system = SystemState(system: "PROD", pwp: nil, zdu: ZDUState(phase: .off, base: "24.4.1"), health: .up,
            netAreas: [])
        let live = LiveState(nodes: [:], system: system, unreachable: unreachable)
        let tlsLines = DriftCheck.startDifferences(plan, live: live).filter { $0.contains("TLS") }
        #expect(tlsLines.count == 1)
        #expect(tlsLines.first?.hasPrefix(names.joined(separator: ", ") + ": unreachable: TLS: the node's certificate "
            + "did not verify") == true, "\(tlsLines)")
    }
}
