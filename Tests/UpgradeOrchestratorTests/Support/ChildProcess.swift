import Foundation

/// Runs the real `aeupgrade` binary as a child process.
struct ChildProcess {
    let process: Process
    let stderr: Pipe

    /// The `aeupgrade` binary built next to the test bundle.
    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("aeupgrade")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return Fixtures.root.appendingPathComponent(".build-orch/debug/aeupgrade")
    }

    static func start(_ arguments: [String]) throws -> ChildProcess {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        return ChildProcess(process: process, stderr: stderr)
    }

    /// Waits for the exit without blocking a cooperative thread; returns the exit status and stderr.
    func wait() async -> (status: Int32, stderr: String) {
        let status = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            if !process.isRunning {
                process.terminationHandler = nil
                continuation.resume(returning: process.terminationStatus)
            }
        }
        let data = stderr.fileHandleForReading.readDataToEndOfFile()
        return (status, String(decoding: data, as: UTF8.self))
    }
}

/// A finished run of the binary: its exit status and output.
struct CapturedRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

extension ChildProcess {
    /// Runs the aeupgrade binary to its end, output captured through files (no pipe can fill up).
    static func capture(_ arguments: [String]) async throws -> CapturedRun {
        let directory = Fixtures.tempDirectory()
        let (out, err) = (directory + "/stdout", directory + "/stderr")
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        func text(_ path: String) -> String {
            String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        }
        return CapturedRun(status: status, stdout: text(out), stderr: text(err))
    }
}
