import FarmSimulator
import Testing

/// What every end-to-end apply against the simulator must show in its availability report (issue 10): never a
/// second without a PWP, never a second in which some NetArea's agents had no serving CP/JCP, no lost job, and
/// no effect applied twice.
func expectZeroDowntime(_ report: AvailabilityReport, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(report.secondsWithoutPWP == 0, "seconds without PWP", sourceLocation: sourceLocation)
    #expect(report.secondsAnyNetAreaWithoutCP == 0, "seconds without a serving CP/JCP", sourceLocation: sourceLocation)
    #expect(report.jobs.lost == 0, "lost jobs", sourceLocation: sourceLocation)
    #expect(report.effects.duplicates == 0, "duplicate effects", sourceLocation: sourceLocation)
}

/// Every node runs only its target processes, ZDU is finalized.
func expectUpgraded(_ report: AvailabilityReport, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(report.zdu.phase == .finalized, sourceLocation: sourceLocation)
    #expect(report.nodes.allSatisfy { $0.baseRunning == 0 && $0.targetRunning == $0.processes },
        "\(report.nodes.map { "\($0.name) base \($0.baseRunning) target \($0.targetRunning)/\($0.processes)" })",
        sourceLocation: sourceLocation)
    #expect(report.netAreas.allSatisfy { $0.disconnected == 0 }, sourceLocation: sourceLocation)
}
