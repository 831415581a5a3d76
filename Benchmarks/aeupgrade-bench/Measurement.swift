import Foundation
import UpgradePlan

/// One benchmark row: a farm's size, the time of each phase and the process's peak memory.
struct Measurement {
    var nodes: Int
    var datacenters: Int
    var steps: Int
    var loadMs: Double
    var planMs: Double
    var validateMs: Double
    var peakKiB: Int
    var verdict: String

    var totalMs: Double { loadMs + planMs + validateMs }

    /// The row as one line the parent parses.
    var line: String {
        "\(nodes) \(datacenters) \(steps) \(loadMs) \(planMs) \(validateMs) \(peakKiB) \(verdict)"
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Generates, loads, plans and validates one farm in this process.
    static func measure(nodes: Int, datacenters: Int, maxDown: Int) throws -> Measurement {
        let clock = ContinuousClock()
        let text = FarmGenerator.yaml(nodes: nodes, datacenters: datacenters, maxNodesDownPerDC: maxDown)
        var topology: Topology?
        let load = try clock.measure { topology = try TopologyLoader.parse(yaml: text, file: "bench.yaml") }
        var plan: Plan?
        let planning = try clock.measure { plan = try Planner.plan(topology!) }
        var result: ValidationResult?
        let validating = clock.measure { result = Validator.validate(plan!) }
        let verdict = result!.isValid ? "valid" : "INVALID"
        return Measurement(
            nodes: nodes, datacenters: datacenters, steps: plan!.steps.count, loadMs: load.milliseconds,
            planMs: planning.milliseconds, validateMs: validating.milliseconds, peakKiB: peakKiB(), verdict: verdict)
    }

    /// Runs `measure` in a child process of this executable and parses its line.
    static func inChild(nodes: Int, datacenters: Int, maxDown: Int) throws -> Measurement {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = ["--nodes", "\(nodes)", "--datacenters", "\(datacenters)", "--max-down", "\(maxDown)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let fields = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace).map(String.init)
        guard process.terminationStatus == 0, fields.count == 8 else {
            throw Failure(description: "child for \(nodes) nodes failed: \(String(decoding: data, as: UTF8.self))")
        }
        return Measurement(
            nodes: Int(fields[0])!, datacenters: Int(fields[1])!, steps: Int(fields[2])!, loadMs: Double(fields[3])!,
            planMs: Double(fields[4])!, validateMs: Double(fields[5])!, peakKiB: Int(fields[6])!, verdict: fields[7])
    }

    /// VmHWM of this process, in KiB.
    static func peakKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(whereSeparator: \.isWhitespace)[1]) ?? 0
        }
        return 0
    }

    /// The table: per size the phase times, total, peak memory, per-node figures and ratios to the previous size.
    static func table(_ rows: [Measurement]) -> String {
        func fmt(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
        var lines = [
            "nodes   DCs  steps    load ms  plan ms  validate ms  total ms  peak MiB  total us/node  KiB/node  verdict",
        ]
        for row in rows {
            lines.append([
                String(row.nodes).padding(8), String(row.datacenters).padding(5), String(row.steps).padding(9),
                fmt(row.loadMs).padding(9), fmt(row.planMs).padding(9), fmt(row.validateMs).padding(13),
                fmt(row.totalMs).padding(10), fmt(Double(row.peakKiB) / 1024).padding(10),
                fmt(row.totalMs * 1000 / Double(row.nodes)).padding(15),
                fmt(Double(row.peakKiB) / Double(row.nodes)).padding(10), row.verdict,
            ].joined())
        }
        lines.append("")
        lines.append("ratios to the previous size (time per node and memory per node; <= 1 means linear or better):")
        for (previous, row) in zip(rows, rows.dropFirst()) {
            let time = (row.totalMs / Double(row.nodes)) / (previous.totalMs / Double(previous.nodes))
            let memory = (Double(row.peakKiB) / Double(row.nodes)) / (Double(previous.peakKiB) / Double(previous.nodes))
            let growth = Double(row.peakKiB - rows[0].peakKiB) / Double(max(1, row.nodes - rows[0].nodes))
            lines.append("  \(previous.nodes) -> \(row.nodes) nodes: x\(fmt(Double(row.nodes) / Double(previous.nodes), 0)) "
                + "nodes, total time x\(fmt(row.totalMs / previous.totalMs, 2)), time/node x\(fmt(time, 2)), "
                + "peak x\(fmt(Double(row.peakKiB) / Double(previous.peakKiB), 2)), memory/node x\(fmt(memory, 2)), "
                + "memory above the 2-node baseline \(fmt(growth, 1)) KiB/node")
        }
        return lines.joined(separator: "\n")
    }
}

extension Duration {
    /// The duration in milliseconds.
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}

extension String {
    /// The string padded with spaces to `width`.
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
