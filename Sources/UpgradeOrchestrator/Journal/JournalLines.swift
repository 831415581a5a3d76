import Dispatch
import Foundation
import Synchronization

/// A journal file split into its whole lines, decoded and hashed in parallel: the work of a read that grows with the
/// journal (JSON decoding and SHA-256 of every line) is spread over the cores, in chunks of consecutive lines.
struct JournalLines: Sendable {
    /// The file's bytes.
    let bytes: [UInt8]
    /// Byte ranges of the whole (newline-terminated) lines, without their newline.
    let ranges: [Range<Int>]
    /// Whether bytes follow the last newline (a torn last line).
    let torn: Bool

    /// Lines per chunk decoded by one thread.
    static let chunk = 512

    /// Splits `bytes` at newlines.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var ranges: [Range<Int>] = []
        var start = 0
        while start < bytes.count, let end = bytes[start...].firstIndex(of: 0x0A) {
            ranges.append(start..<end)
            start = end + 1
        }
        self.ranges = ranges
        torn = start < bytes.count
    }

    /// Each line's chain fields and record with the hex SHA-256 of its bytes, in file order; nil for a line that is
    /// not a record.
    func decoded() -> [(JournalChain.Link, String)?] {
        let chunks = (ranges.count + Self.chunk - 1) / Self.chunk
        guard chunks > 1 else { return decode(0..<ranges.count) }
        let results = Mutex<[Int: [(JournalChain.Link, String)?]]>([:])
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let lower = chunk * Self.chunk
            let part = decode(lower..<min(lower + Self.chunk, ranges.count))
            results.withLock { $0[chunk] = part }
        }
        return results.withLock { parts in (0..<chunks).flatMap { parts[$0] ?? [] } }
    }

    private func decode(_ indices: Range<Int>) -> [(JournalChain.Link, String)?] {
        let decoder = JSONDecoder()
        return indices.map { index in
            let line = bytes[ranges[index]]
            guard !line.isEmpty, let link = try? decoder.decode(JournalChain.Link.self, from: Data(line)) else {
                return nil
            }
            return (link, JournalChain.hash(line))
        }
    }
}
