import Testing
import UpgradeOrchestrator

/// What a refused run tells the operator to do.
@Suite struct RunErrorMessageTests {
    @Test func anUnreachableNodeIsNotOfferedAsDriftToAccept() {
        let down = RunError.drift(["AE_2B: unreachable (curl error 7)"]).description
        #expect(down.contains("check its endpoint"))
        #expect(!down.contains("--accept-drift"), "--accept-drift refuses unreachable nodes: \(down)")
        let both = RunError.drift(["AE_2B: unreachable (curl error 7)", "AE_1A: 1 of 2 CPs run"]).description
        #expect(both.contains("check its endpoint") && both.contains("--accept-drift"))
        let drift = RunError.drift(["AE_1A: 1 of 2 CPs run"]).description
        #expect(drift.contains("--accept-drift") && !drift.contains("check its endpoint"))
    }
}
