import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A raw TCP connection to a loopback port, for abusive-client tests: it sends bytes exactly as given (half a
/// header, a huge header) and tells when the server closes. Its calls block, so tests make them through `offload`.
public struct RawConnection: Sendable {
    /// The socket.
    public let descriptor: Int32

    /// Connects to 127.0.0.1:`port`.
    public init(port: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let error = errno
            _ = Glibc.close(fd)
            throw POSIXError(.init(rawValue: error) ?? .EIO)
        }
        descriptor = fd
    }

    /// The port of a base URL such as `http://127.0.0.1:4711`.
    public static func port(of base: String) -> Int { URL(string: base)?.port ?? 0 }

    /// Sends `bytes`; false once the server has closed the connection (nothing more can be sent).
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0, errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Reads until the server closes the connection (end of file or reset) or `timeout` passes; the bytes read, and
    /// whether it was closed.
    public func readUntilClosed(timeout: Duration) -> (bytes: [UInt8], closed: Bool) {
        let deadline = ContinuousClock.now + timeout
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while ContinuousClock.now < deadline {
            let left = deadline - ContinuousClock.now
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(max(1, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)))
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[0..<count]
                continue
            }
            if count < 0, errno == EINTR { continue }
            return (received, true)  // 0: end of file; < 0: reset
        }
        return (received, false)
    }

    /// Closes the socket.
    public func close() {
        _ = Glibc.close(descriptor)
    }

    /// Runs blocking socket work on a dispatch thread, off the cooperative pool.
    public static func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }
}

extension RawConnection {
    /// A raw HTTP response: status code, header fields (names lowercased) and body.
    public struct Response: Sendable {
        /// The status code, 0 when the bytes are not an HTTP response.
        public let status: Int
        /// Header fields, names lowercased.
        public let headers: [String: String]
        /// The body.
        public let body: [UInt8]

        /// Parses the bytes of one response.
        public init(_ bytes: [UInt8]) {
            let text = String(decoding: bytes, as: UTF8.self)
            let parts = text.components(separatedBy: "\r\n\r\n")
            let lines = (parts.first ?? "").components(separatedBy: "\r\n")
            status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
            var fields: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            headers = fields
            body = Array(parts.dropFirst().joined(separator: "\r\n\r\n").utf8)
        }
    }
}
