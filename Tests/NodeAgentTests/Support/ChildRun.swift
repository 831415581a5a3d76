import Foundation

/// Runs a child process without blocking a thread of Swift's cooperative pool: output goes to a file and the exit is
/// awaited through `terminationHandler` (blocking waits would starve the in-process servers on a 2-core machine).
enum ChildRun {
    /// Runs `tool` to its end; returns its exit status and stdout (stderr appended when `stderr` is true).
    static func run(_ tool: String, _ arguments: [String], stderr: Bool = false) async throws
        -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).out")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forWritingTo: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = stderr ? handle : FileHandle.nullDevice
        let status = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try handle.close()
        return (status, (try? String(contentsOf: file, encoding: .utf8)) ?? "")
    }

    /// Waits for a started process to exit, without blocking.
    static func exit(of process: Process) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            process.terminationHandler = { _ in continuation.resume() }
            if !process.isRunning {
                process.terminationHandler = nil
                continuation.resume()
            }
        }
    }
}
