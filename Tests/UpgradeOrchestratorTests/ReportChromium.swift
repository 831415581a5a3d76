import Foundation
import Synchronization

/// Headless Chromium (Debian's `chromium` package) for the report tests: dumps the DOM after rendering and takes
/// screenshots, as root (`--no-sandbox`), with a throwaway profile and a bounded run time.
struct ReportChromium {
    let binary: String

    /// The installed browser (or the one `AEUPGRADE_CHROMIUM` names, to test with another or none), or nil.
    static func find() -> ReportChromium? {
        if let chosen = ProcessInfo.processInfo.environment["AEUPGRADE_CHROMIUM"] {
            return FileManager.default.isExecutableFile(atPath: chosen) ? ReportChromium(binary: chosen) : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin", "/snap/bin"] {
            for name in ["chromium", "chromium-browser"] {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return ReportChromium(binary: candidate) }
            }
        }
        return nil
    }

    /// The message a test fails with when the browser is missing.
    static let missing = "chromium is not installed: the HTML report test needs headless Chromium. `make test` "
        + "installs it (make deps: apt-get install -y chromium); by hand: apt-get update && apt-get install -y chromium"

    /// The DOM after the page at `file` rendered (`--dump-dom`).
    func dumpDOM(_ file: String) async throws -> String {
        try await run(["--dump-dom", URL(fileURLWithPath: file).absoluteString])
    }

    /// Saves a PNG screenshot of the page at `file` to `png`.
    func screenshot(_ file: String, to png: String, width: Int = 1400, height: Int = 1100) async throws {
        _ = try await run(["--screenshot=\(png)", "--window-size=\(width),\(height)", "--hide-scrollbars",
            URL(fileURLWithPath: file).absoluteString])
    }

    /// Runs chromium headless with `arguments`; stdout is returned; killed after `limit` seconds.
    private func run(_ arguments: [String], limit: Double = 90) async throws -> String {
        let scratch = NSTemporaryDirectory() + "aeupgrade-chromium-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let outPath = scratch + "/stdout"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
            "--disable-dev-shm-usage", "--user-data-dir=\(scratch)/profile"] + arguments
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        let expired = ExpiryFlag()
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + limit) {
                guard process.isRunning else { return }
                expired.state.withLock { $0 = true }
                process.terminate()
            }
        }
        try? out.close()
        if expired.state.withLock({ $0 }) {
            throw ChromiumFailure(message: "chromium did not finish within \(Int(limit))s: \(arguments)")
        }
        guard status == 0 else { throw ChromiumFailure(message: "chromium exited \(status): \(arguments)") }
        return String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self)
    }
}

/// Chromium failed or hung.
struct ChromiumFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Set when the watchdog killed chromium.
final class ExpiryFlag: Sendable {
    let state = Mutex(false)
}
