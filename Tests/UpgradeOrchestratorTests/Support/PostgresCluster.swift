import Foundation

/// A throwaway PostgreSQL cluster for one test: initdb in a temporary directory, a server on a free loopback port,
/// stopped and deleted by `stop()`. PostgreSQL refuses to run as root, so under root the server runs as `nobody`.
/// The binaries come from Debian's `postgresql` package (`make deps` installs it).
final class PostgresCluster: @unchecked Sendable {
    let directory: String
    let port: Int
    let user = "aeupgrade"
    private let bin: String
    private let asUser: [String]

    /// The postgres:// URL of a database created for the test (trust authentication on loopback: no password).
    var url: String { "postgres://\(user)@127.0.0.1:\(port)/aeupgrade" }

    /// Why no cluster could be started.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The directory of the newest installed PostgreSQL's binaries.
    static func binaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root))?
            .compactMap(Int.init).sorted() ?? []
        guard let newest = versions.last else {
            throw Failure(description: "no PostgreSQL under \(root): run `make deps` (apt-get install postgresql)")
        }
        return "\(root)/\(newest)/bin"
    }

    /// initdb, start on a free port, create database `aeupgrade`.
    init() throws {
        bin = try Self.binaries()
        asUser = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "nobody", "--"] : []
        directory = "/tmp/aeupgrade-pg-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 { try Self.shell(["/bin/chown", "nobody:nogroup", directory]) }
        port = try Self.freePort()
        try run("initdb", ["-D", directory + "/data", "-U", user, "-A", "trust", "-E", "UTF8", "--no-sync"])
        try start()
        try run("psql", ["-h", "127.0.0.1", "-p", "\(port)", "-U", user, "-d", "postgres", "-q", "-c",
            "CREATE DATABASE aeupgrade"])
    }

    /// Starts (or restarts after `stopServer`) the server and waits until it accepts connections.
    func start() throws {
        try run("pg_ctl", ["-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "60", "-o",
            "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1", "start"])
    }

    /// Restarts the server (fast shutdown: open connections are cut).
    func restart() throws {
        try run("pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "-t", "60", "-o",
            "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1", "-l", directory + "/server.log", "restart"])
    }

    /// Runs SQL in the test database; returns psql's unaligned, tuples-only output.
    @discardableResult
    func sql(_ statement: String) throws -> String {
        try run("psql", ["-h", "127.0.0.1", "-p", "\(port)", "-U", user, "-d", "aeupgrade", "-X", "-A", "-t", "-q",
            "-v", "ON_ERROR_STOP=1", "-c", statement])
    }

    /// Stops the server and deletes the cluster.
    func stop() {
        _ = try? run("pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs a PostgreSQL tool (as `nobody` under root). Descriptors beyond stdin/out/err are closed first: the server
    /// `pg_ctl` starts would keep them open, and Foundation's `Process` sees its child end only when they close.
    @discardableResult
    private func run(_ tool: String, _ arguments: [String]) throws -> String {
        let closing = #"for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$@""#
        return try Self.shell(["/bin/bash", "-c", closing, "bash"] + asUser + ["\(bin)/\(tool)"] + arguments)
    }

    /// Runs a command to its end, its output in files (a server it starts keeps no pipe of ours open).
    @discardableResult
    private static func shell(_ command: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: "/tmp")
        let base = NSTemporaryDirectory() + "aeupgrade-pg-out-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: base + ".out", contents: nil)
        FileManager.default.createFile(atPath: base + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: base + ".out")
            try? FileManager.default.removeItem(atPath: base + ".err")
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".out"))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".err"))
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        let output = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(command.joined(separator: " ")): exit \(process.terminationStatus): "
                + errors + output)
        }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A loopback TCP port nobody listens on now.
    private static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0
                && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw Failure(description: "no free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
