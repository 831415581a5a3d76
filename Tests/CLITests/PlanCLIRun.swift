import Foundation

/// Runs the built `aeupgrade` binary and captures its exit code, stdout and stderr (through temp files, so a large
/// output cannot block the child).
struct PlanCLIRun {
    /// The exit code.
    var status: Int32
    /// Everything written to stdout.
    var stdout: String
    /// Everything written to stderr.
    var stderr: String

    /// The package root (three levels above this file).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `aeupgrade` binary: next to the test bundle (whatever the scratch path), else the newest
    /// `.build*/debug/aeupgrade` under the package root.
    static let binary: URL? = {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.appendingPathComponent("aeupgrade"))
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("aeupgrade"))
        for argument in CommandLine.arguments.prefix(1) {
            let directory = URL(fileURLWithPath: argument).deletingLastPathComponent()
            candidates.append(directory.appendingPathComponent("aeupgrade"))
        }
        for testBundle in Bundle.allBundles where testBundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(testBundle.bundleURL.deletingLastPathComponent().appendingPathComponent("aeupgrade"))
        }
        if let found = candidates.first(where: { fileManager.isExecutableFile(atPath: $0.path) }) { return found }
        let scratch = (try? fileManager.contentsOfDirectory(atPath: packageRoot.path)) ?? []
        let built = scratch.filter { $0.hasPrefix(".build") }.sorted().map {
            packageRoot.appendingPathComponent($0).appendingPathComponent("debug/aeupgrade")
        }.filter { fileManager.isExecutableFile(atPath: $0.path) }
        func modified(_ url: URL) -> Date {
            ((try? fileManager.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
        }
        return built.max { modified($0) < modified($1) }
    }()

    /// Runs `aeupgrade` with the arguments, in the package root (so `plans/...` paths work).
    static func run(_ arguments: [String]) async throws -> PlanCLIRun {
        guard let binary else { throw CLIError.binaryNotFound }
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("plancli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temp) }
        let out = temp.appendingPathComponent("stdout"), err = temp.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        // Waiting with a termination handler, not waitUntilExit(): a blocked thread of the 2-thread cooperative
        // pool (2 cores) would stall every other test running meanwhile.
        let launch: (any Error)? = await withCheckedContinuation { done in
            process.terminationHandler = { _ in done.resume(returning: nil) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                done.resume(returning: error)
            }
        }
        if let launch { throw launch }
        return PlanCLIRun(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// Why a run could not start.
    enum CLIError: Error, CustomStringConvertible {
        /// No built `aeupgrade` next to the tests or under `.build*/debug`.
        case binaryNotFound

        var description: String { "aeupgrade binary not found: build it first (swift build --build-tests)" }
    }

    /// A golden file of UpgradePlanTests, the same bytes `Render` is checked against.
    static func golden(_ name: String) throws -> String {
        try String(contentsOf: packageRoot.appendingPathComponent("Tests/UpgradePlanTests/Golden/\(name)"),
                   encoding: .utf8)
    }
}
