import ArgumentParser
import Foundation
import UpgradePlan

/// Measures load + plan + validate time and peak memory for farms of growing size, each size in a child process
/// so its peak memory (VmHWM) is its own.

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aeupgrade-bench", abstract: "Speed and memory of loading, planning and validating large farms.")

    @Option(help: "Measure one farm of this many nodes in this process (used by the parent run).")
    var nodes: Int?

    @Option(help: "Datacenters of the one farm.")
    var datacenters: Int = 2

    @Option(help: "policy.maxNodesDownPerDC of the one farm.")
    var maxDown: Int = 2

    /// The sizes of the table: nodes, datacenters.
    static let sizes = [(2, 2), (100, 5), (1_000, 10), (10_000, 20)]

    func run() throws {
        if let nodes {
            let row = try Measurement.measure(nodes: nodes, datacenters: datacenters, maxDown: maxDown)
            print(row.line)
            return
        }
        var rows: [Measurement] = []
        for (nodes, datacenters) in Self.sizes {
            rows.append(try Measurement.inChild(nodes: nodes, datacenters: datacenters, maxDown: maxDown))
        }
        print(Measurement.table(rows))
    }
}
Bench.main()
