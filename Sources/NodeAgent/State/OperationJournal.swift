import Foundation

/// The idempotency journal: `<stateDirectory>/operations.jsonl`, one `OperationRecord` per line, appended and
/// fsync'ed at every change (the last line of an id wins; a torn last line is ignored).
struct OperationJournal: Sendable {
    /// The file.
    let path: String

    /// Opens (creates) the journal in `directory`.
    init(directory: String) throws(NodeAgentError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .stateDirectory(path: directory, reason: "cannot create it: \(error.localizedDescription)")
        }
        path = (directory as NSString).appendingPathComponent("operations.jsonl")
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw .stateDirectory(path: directory, reason: "cannot create operations.jsonl")
            }
        }
    }

    /// Every record, the latest per operation id, in first-seen order.
    func load() throws(NodeAgentError) -> [OperationRecord] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .stateDirectory(path: path, reason: "cannot read it")
        }
        var order: [String] = []
        var latest: [String: OperationRecord] = [:]
        let decoder = JSONDecoder()
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let record = try? decoder.decode(OperationRecord.self, from: Data(line)) else { continue }
            if latest[record.operation.id] == nil { order.append(record.operation.id) }
            latest[record.operation.id] = record
        }
        return order.compactMap { latest[$0] }
    }

    /// Appends a record and flushes it to disk before returning.
    func append(_ record: OperationRecord) throws(NodeAgentError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var line = try? encoder.encode(record) else {
            throw .stateDirectory(path: path, reason: "cannot encode an operation")
        }
        line.append(UInt8(ascii: "\n"))
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard descriptor >= 0 else { throw .stateDirectory(path: path, reason: "cannot open it (errno \(errno))") }
        defer { close(descriptor) }
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(descriptor) == 0 else {
            throw .stateDirectory(path: path, reason: "cannot write it (errno \(errno))")
        }
    }
}
