import Synchronization

/// The last body and decoded value of each URL whose answers are worth remembering (`GET /v1/node`,
/// `GET /v1/system`): an answer byte for byte the same as the last one is not decoded again. Between two reads
/// of a farm most nodes have not changed, and decoding their JSON was most of a whole-farm read's time.
final class LastDecoded: Sendable {
    private struct Entry: @unchecked Sendable {
        // `value` is always a Sendable value (see `store`); `any Sendable` cannot be cast back to a generic T.
        let body: [UInt8]
        let value: Any
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// The value decoded from `body` at `url` last time, when `body` is the same bytes.
    func value<T: Sendable>(_ type: T.Type, url: String, body: [UInt8]) -> T? {
        entries.withLock { entries in
            guard let entry = entries[url], entry.body == body else { return nil }
            return entry.value as? T
        }
    }

    /// Remembers what `body` at `url` decoded to.
    func store<T: Sendable>(_ value: T, url: String, body: [UInt8]) {
        entries.withLock { $0[url] = Entry(body: body, value: value) }
    }
}
