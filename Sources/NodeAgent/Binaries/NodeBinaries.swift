import Foundation

/// A node's binaries on disk: the installed and staged versions, and the default install
/// (verify the staged archive's sha256, unpack it, switch the `current` symlink — nothing changes before the check).
///
/// Layout with `binaries.root`: `<root>/<version>/` unpacked versions, `<root>/current -> <version>`,
/// `<root>/staged/<version>.tar.gz` with `<root>/staged/<version>.tar.gz.sha256` (hex digest first on its line).
struct NodeBinaries: Sendable {
    /// Where the versions live.
    let config: BinariesConfig
    /// The node, for messages.
    let node: String

    /// The installed version.
    func installedVersion() throws(NodeAgentError) -> String {
        switch config {
        case .root(let root):
            let link = (root as NSString).appendingPathComponent("current")
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link) else {
                throw .binaries(node: node, reason: "\(link) is not a symlink to an installed version")
            }
            return (target as NSString).lastPathComponent
        case .versionFiles(let installed, _):
            guard let text = Self.firstLine(installed) else {
                throw .binaries(node: node, reason: "cannot read the installed version from \(installed)")
            }
            return text
        }
    }

    /// The staged version (ready to install and not installed), if any.
    func stagedVersion() throws(NodeAgentError) -> String? {
        switch config {
        case .root(let root):
            let installed = try installedVersion()
            let staged = (root as NSString).appendingPathComponent("staged")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: staged)) ?? []
            return names.filter { $0.hasSuffix(".tar.gz") }.map { String($0.dropLast(7)) }
                .filter { $0 != installed }.sorted().last
        case .versionFiles(_, let staged):
            return staged.flatMap(Self.firstLine)
        }
    }

    /// Whether `version` can be installed: staged (its archive, or the staged version file), or already unpacked.
    func isAvailable(_ version: String) throws(NodeAgentError) -> Bool {
        switch config {
        case .root(let root):
            guard !version.contains("/"), !version.hasPrefix(".") else { return false }
            let manager = FileManager.default
            var isDirectory: ObjCBool = false
            let unpacked = (root as NSString).appendingPathComponent(version)
            return manager.fileExists(atPath: (root as NSString).appendingPathComponent("staged/\(version).tar.gz"))
                || (manager.fileExists(atPath: unpacked, isDirectory: &isDirectory) && isDirectory.boolValue)
        case .versionFiles:
            return try stagedVersion() == version
        }
    }

    /// The default install of `version` with `binaries.root`: returns nil on success, else the reason.
    /// Already unpacked versions (the base on rollback) only switch `current`.
    func install(_ version: String, runner: CommandRunner, timeout: Duration) async -> (String?, [CommandResult]) {
        guard case .root(let root) = config else { return ("binaries.root is not configured", []) }
        guard !version.contains("/"), !version.hasPrefix(".") else { return ("invalid version \"\(version)\"", []) }
        let target = (root as NSString).appendingPathComponent(version)
        var results: [CommandResult] = []
        var isDirectory: ObjCBool = false
        if !(FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) && isDirectory.boolValue) {
            let archive = (root as NSString).appendingPathComponent("staged/\(version).tar.gz")
            guard let expected = Self.firstLine(archive + ".sha256")?.split(separator: " ").first.map(String.init)
            else { return ("\(archive).sha256 is missing: stage \(version) first", []) }
            let sum = await runner.run(["sha256sum", archive], timeout: timeout)
            results.append(sum)
            guard sum.succeeded else { return ("checksum of \(archive) failed: \(sum.failureReason)", results) }
            let actual = sum.stdout.split(separator: " ").first.map(String.init) ?? ""
            guard actual.lowercased() == expected.lowercased() else {
                return ("checksum mismatch for \(archive): expected \(expected), found \(actual); nothing changed",
                        results)
            }
            let partial = (root as NSString).appendingPathComponent(".\(version).partial")
            try? FileManager.default.removeItem(atPath: partial)
            do {
                try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
            } catch { return ("cannot create \(partial): \(error.localizedDescription)", results) }
            let unpack = await runner.run(["tar", "-xzf", archive, "-C", partial], timeout: timeout)
            results.append(unpack)
            guard unpack.succeeded else { return ("unpacking \(archive) failed: \(unpack.failureReason)", results) }
            guard rename(partial, target) == 0 else { return ("cannot move \(partial) to \(target)", results) }
        }
        let link = (root as NSString).appendingPathComponent("current")
        let fresh = (root as NSString).appendingPathComponent(".current.new")
        unlink(fresh)
        guard symlink(version, fresh) == 0, rename(fresh, link) == 0 else {
            return ("cannot switch \(link) to \(version) (errno \(errno))", results)
        }
        return (nil, results)
    }

    private static func firstLine(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return line.isEmpty ? nil : line
    }
}
