import ArgumentParser
import Foundation

/// An endpoints file: `{"nodes": {name: url}, "admin": url, "timeScale": N}`, as `aeupgrade-sim --endpoints-out`
/// (and `aeupgrade-node --endpoints-out`) write it. Only the simulator writes `timeScale`: its simulated seconds
/// per real second, which a run against it follows.
struct EndpointsFile: Decodable {
    /// Base URL per node name.
    var nodes: [String: String]
    /// The simulator's admin URL.
    var admin: String?
    /// The simulator's time scale; absent for real nodes and for a simulator with a manual clock.
    var timeScale: Double?

    /// The file at `path`; nil when it cannot be read or is not an endpoints file.
    static func read(_ path: String) -> EndpointsFile? {
        try? load(path)
    }

    /// The file at `path`, or a failure saying whether it is missing, unreadable or not an endpoints file.
    static func load(_ path: String) throws(CommandFailure) -> EndpointsFile {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("\(path): no such endpoints file (--endpoints)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("\(path): cannot read the endpoints file (--endpoints)")
        }
        do { return try JSONDecoder().decode(EndpointsFile.self, from: data) } catch {
            throw CommandFailure("\(path): not an endpoints file ({\"nodes\": {name: url}})")
        }
    }

    /// The topology's endpoints overridden by this file's. A node of the file that the topology does not have is a
    /// failure (a typo must not send a node's requests elsewhere); topology nodes the file leaves out keep the
    /// topology's endpoint, and `notes` says which.
    func merged(into topology: [String: String], path: String) throws(CommandFailure) -> (
        endpoints: [String: String], notes: [String]
    ) {
        let unknown = nodes.keys.filter { topology[$0] == nil }.sorted()
        guard unknown.isEmpty else {
            throw CommandFailure("\(path): \(unknown.joined(separator: ", ")): not a node of the topology (its nodes: "
                + "\(topology.keys.sorted().joined(separator: ", ")))")
        }
        let kept = topology.keys.filter { nodes[$0] == nil }.sorted()
        let notes = kept.isEmpty ? [] : ["\(path) does not name \(kept.joined(separator: ", ")): "
            + "using the topology's endpoint"]
        return (topology.merging(nodes) { _, new in new }, notes)
    }

    /// The time scale a run uses: the endpoints file's (the simulator's clock) when it has one, else `flag`, else 1.
    /// A `flag` that differs from the file's is a usage error naming both values and the file, and so is a scale
    /// in the file that is not a positive number.
    static func timeScale(flag: Double?, endpoints path: String?) throws -> Double? {
        guard let path, let file = read(path), let scale = file.timeScale else { return flag }
        guard scale > 0, scale.isFinite else {
            throw ValidationError("\(path): timeScale: \(format(scale)) is not a positive number of simulated "
                + "seconds per second")
        }
        if let flag, flag != scale {
            throw ValidationError("--time-scale \(format(flag)) contradicts \(path), whose simulator runs at "
                + "--time-scale \(format(scale)): leave --time-scale out (the endpoints file sets it) or pass "
                + "\(format(scale))")
        }
        return scale
    }

    /// A scale as written on a command line: `40`, `2.5`.
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
