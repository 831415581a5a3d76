import Foundation
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// The file backend behind the StateBackend protocol: approvals bound to their plan, a fencing epoch per lock
/// holder in one lineage per state directory, the journal's directory entry made durable.
@Suite("file state backend", .serialized)
struct FileStateBackendTests {
    static var options: RunOptions {
        var options = RunOptions(
            timeScale: 10_000, pollInterval: .milliseconds(1), stepTimeout: .seconds(40_000),
            retryDelay: .milliseconds(10))
        options.approveAll = false
        return options
    }

    @Test func anApprovalGivenBeforeAnyRunNeverPassesTheGateOfAnotherPlan() async throws {
        let approved = try Fixtures.plan("seed-phase2") { $0.policy.gateBetweenDCs = .approval }
        let other = try Fixtures.plan("seed-phase2") {
            $0.policy.gateBetweenDCs = .approval
            $0.policy.retries += 1
        }
        #expect(PlanIdentity.hash(approved) != PlanIdentity.hash(other))
        let gate = try #require(approved.steps.first { $0.kind == .gate && $0.gate == .approval }?.id)
        #expect(other.step(id: gate) != nil, "both plans have the gate")
        let state = Fixtures.tempDirectory()
        let path = FileStateBackend.journalPath(directory: state, system: approved.system)
        // What `aeupgrade approve` writes on an empty journal: the approval names its plan.
        try Journal(path: path).append(JournalRecord(
            event: .approved, time: Journal.timestamp(), planHash: PlanIdentity.hash(approved), step: gate, by: "ops"))
        #expect(JournalState(records: try Journal.read(path: path).records).planHash == PlanIdentity.hash(approved))

        var options = Self.options
        options.stateDirectory = state
        let log = EventLog()
        _ = try await UpgradeRun(
            plan: other, client: FakeNodeClient(topology: other.topology), options: options, clock: ContinuousClock(),
            emit: { await log.append($0) }
        ).execute(.apply)
        let records = try Journal.read(path: path).records
        #expect(!records.contains { $0.event == .approved }, "the other plan's run does not carry the approval")
        #expect(!JournalState(records: records).approved.contains(gate))
        #expect(log.lines.contains { $0.contains("archived the finished journal of another plan") })
    }

    @Test func approvalsNamingAnotherPlanApproveNothing() {
        let records = [
            JournalRecord(event: .runStarted, time: "t", planHash: "plan-a", generation: 1),
            JournalRecord(event: .approved, time: "t", planHash: "plan-b", step: "gate/DC1"),
            JournalRecord(event: .approved, time: "t", planHash: "plan-a", step: "gate/DC2"),
        ]
        #expect(JournalState(records: records).approved == ["gate/DC2"])
    }

    @Test func eachLockHolderTakesAHigherEpochOfTheDirectorysLineage() async throws {
        let state = Fixtures.tempDirectory() + "/new"
        let backend = FileStateBackend(directory: state)
        let first = try await backend.lock(system: "PROD", purpose: "apply")
        let token = first.fence
        await first.release()
        let second = try await backend.lock(system: "PROD", purpose: "resume")
        #expect(second.fence.lineage == token.lineage)
        #expect(second.fence.epoch == token.epoch + 1)
        #expect(second.fence.holder.contains("pid \(getpid()) on "))
        do {
            _ = try await backend.lock(system: "PROD", purpose: "apply")
            Issue.record("a second holder got the lock")
        } catch {
            guard case .locked = error else { throw error }
        }
        await second.release()
        let elsewhere = try await FileStateBackend(directory: Fixtures.tempDirectory()).lock(system: "PROD", purpose: "apply")
        #expect(elsewhere.fence.lineage != token.lineage, "another state directory is another lineage")
        await elsewhere.release()
    }
}
