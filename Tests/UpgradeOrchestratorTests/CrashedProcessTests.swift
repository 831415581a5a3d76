import NodeContract
import Testing
import UpgradeOrchestrator
import UpgradePlan

/// `HealthCheck.crashedProcesses`: a process stopped while the others of its node's set and role run has crashed
/// (no step stops one alone); what the steps do (stop a role, drain WPs, stop a whole set) is not a crash.
@Suite("crashed processes compared with the topology")
struct CrashedProcessTests {
    func live(_ processes: [(String, ProcessKind, ProcessRunState)]) throws -> (Topology, LiveState) {
        let topology = try Fixtures.topology("seed-phase1")
        let node = NodeState(
            name: "AE_1B", datacenter: "DC2", netArea: "NA_DC2", installedVersion: "24.4.1",
            processes: processes.map { id, kind, state in
                ProcessState(kind: kind, id: id, state: state, version: id.contains("@") ? "24.4.4" : "24.4.1")
            })
        let system = SystemState(
            system: "PROD", pwp: nil, zdu: ZDUState(phase: .compatibility, base: "24.4.1"), health: .up, netAreas: [])
        return (topology, LiveState(nodes: ["AE_1B": node], system: system))
    }

    @Test func aTargetWPStoppedBesideRunningOnesIsNamed() throws {
        let (topology, state) = try live([
            ("AE_1B/WP1", .wp, .stopped), ("AE_1B/CP1", .cp, .stopped),
            ("AE_1B/WP1@24.4.4", .wp, .running), ("AE_1B/WP2@24.4.4", .wp, .stopped),
            ("AE_1B/JWP1@24.4.4", .jwp, .running), ("AE_1B/CP1@24.4.4", .cp, .running),
        ])
        #expect(HealthCheck.crashedProcesses(topology: topology, live: state) == [
            "AE_1B: crashed AE_1B/WP2@24.4.4: stopped while the node's other processes of the same set and role run "
                + "(no step stops one alone)",
        ])
    }

    @Test func whatTheStepsDoIsNotACrash() throws {
        // Drained (CPs stopped, WPs run), WPs draining, a whole set stopped.
        for processes: [(String, ProcessKind, ProcessRunState)] in [
            [("AE_1B/WP1", .wp, .running), ("AE_1B/WP2", .wp, .running), ("AE_1B/CP1", .cp, .stopped),
             ("AE_1B/JCP1", .jcp, .stopped)],
            [("AE_1B/WP1", .wp, .draining), ("AE_1B/WP2", .wp, .stopped), ("AE_1B/JWP1", .jwp, .running)],
            [("AE_1B/WP1", .wp, .stopped), ("AE_1B/CP1", .cp, .stopped), ("AE_1B/WP1@24.4.4", .wp, .running)],
        ] {
            let (topology, state) = try live(processes)
            #expect(HealthCheck.crashedProcesses(topology: topology, live: state).isEmpty, "\(processes.map(\.0))")
        }
    }
}
