import Foundation
import Synchronization
import TestScratch
import UpgradeOrchestrator
import UpgradePlan

/// Seed topologies and plans from the repository's plans/ folder.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A seed topology by name (`seed-phase1`), or a topology file by absolute path.
    static func topology(_ name: String) throws -> Topology {
        try TopologyLoader.load(path: name.hasPrefix("/") ? name : root.appendingPathComponent("plans/\(name).yaml").path)
    }

    static func plan(_ name: String, edit: (inout Topology) -> Void = { _ in }) throws -> Plan {
        var topology = try topology(name)
        edit(&topology)
        var plan = try Planner.plan(topology)
        plan.topologyHash = TopologyHash.of(topology)
        return plan
    }

    /// A fresh empty directory, removed when the test process exits.
    static func tempDirectory() -> String {
        TestScratch.directory("orch")
    }
}

/// Collects run events for assertions; an optional hook reacts to events (fault injection at a step).
final class EventLog: Sendable {
    private let events = Mutex<[RunEvent]>([])
    private let hook: (@Sendable (RunEvent) async -> Void)?

    init(hook: (@Sendable (RunEvent) async -> Void)? = nil) {
        self.hook = hook
    }

    /// Records the event; runs the hook to completion before returning (the run awaits it, blocking no thread).
    func append(_ event: RunEvent) async {
        events.withLock { $0.append(event) }
        if let hook { await hook(event) }
    }

    var all: [RunEvent] { events.withLock { $0 } }
    var lines: [String] { all.map(\.line) }
}
