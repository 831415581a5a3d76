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
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(EndpointsFile.self, from: data)
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
