import Foundation

/// A node's binaries on disk: one directory per version under `binaries.root`, the base's and the target's side by
/// side, so nothing is ever swapped under a running process (docs/ae-model.md AE-ZDU-9).
///
/// A version is staged when `<root>/<version>/` exists: the default stage unpacks into `<root>/.<version>.partial`
/// and renames it, so a half-unpacked version never looks staged.
struct NodeBinaries: Sendable {
    /// Where the versions live.
    let config: BinariesConfig
    /// The node, for messages.
    let node: String
    /// The base version (its directory is never touched).
    let baseVersion: String

    /// The highest version with a directory under the root other than the base, if any.
    func stagedVersion() throws(NodeAgentError) -> String? {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: config.root)
        } catch {
            throw .binaries(
                node: node, reason: "cannot list \(config.root) (binaries.root): \(error.localizedDescription)")
        }
        return names.filter { $0 != baseVersion && Self.versionParts($0) != nil && isDirectory($0) }
            .max { Self.versionParts($0)!.lexicographicallyPrecedes(Self.versionParts($1)!) }
    }

    /// Whether `<root>/<version>/` exists.
    func isStaged(_ version: String) -> Bool {
        Self.isPlainName(version) && isDirectory(version)
    }

    /// The default stage with `binaries.archives`: checks `<archives>/<version>.tar.gz` against its `.sha256`, unpacks
    /// it beside the other versions and renames it into place; returns nil on success, else the reason.
    func stage(_ version: String, runner: CommandRunner, timeout: Duration) async -> (String?, [CommandResult]) {
        guard let archives = config.archives else { return ("binaries.archives is not configured", []) }
        guard Self.isPlainName(version) else { return ("invalid version \"\(version)\"", []) }
        let archive = (archives as NSString).appendingPathComponent("\(version).tar.gz")
        guard let expected = Self.firstLine(archive + ".sha256")?.split(separator: " ").first.map(String.init) else {
            return ("\(archive).sha256 is missing: deliver \(version).tar.gz and its .sha256 into \(archives)", [])
        }
        var results: [CommandResult] = []
        let sum = await runner.run(["sha256sum", archive], timeout: timeout)
        results.append(sum)
        guard sum.succeeded else { return ("checksum of \(archive) failed: \(sum.failureReason)", results) }
        let actual = sum.stdout.split(separator: " ").first.map(String.init) ?? ""
        guard actual.lowercased() == expected.lowercased() else {
            return ("checksum mismatch for \(archive): expected \(expected), found \(actual); nothing changed", results)
        }
        let partial = (config.root as NSString).appendingPathComponent(".\(version).partial")
        try? FileManager.default.removeItem(atPath: partial)
        do {
            try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
        } catch { return ("cannot create \(partial): \(error.localizedDescription)", results) }
        let unpack = await runner.run(["tar", "-xzf", archive, "-C", partial], timeout: timeout)
        results.append(unpack)
        guard unpack.succeeded else { return ("unpacking \(archive) failed: \(unpack.failureReason)", results) }
        let target = (config.root as NSString).appendingPathComponent(version)
        guard rename(partial, target) == 0 else {
            return ("cannot move \(partial) to \(target) (errno \(errno))", results)
        }
        return (nil, results)
    }

    /// Numeric parts of a version-like name (`24.4.4` -> [24, 4, 4]); nil for any other name.
    static func versionParts(_ name: String) -> [Int]? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count >= 2, parts.allSatisfy({ ($0 ?? -1) >= 0 }) else { return nil }
        return parts.map { $0! }
    }

    private static func isPlainName(_ version: String) -> Bool {
        !version.isEmpty && !version.contains("/") && !version.hasPrefix(".")
    }

    private func isDirectory(_ name: String) -> Bool {
        var flag: ObjCBool = false
        let path = (config.root as NSString).appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    private static func firstLine(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return line.isEmpty ? nil : line
    }
}
