import Foundation
import Testing
import UpgradeOrchestrator

/// The journal's hash chain: a missing, reordered, edited or foreign line, or a complete bad last line, is an error
/// naming the line; only an unterminated last line is torn.
@Suite("Journal hash chain")
struct JournalChainTests {
    func record(_ event: JournalEvent, step: String? = nil, plan: String = "h") -> JournalRecord {
        JournalRecord(event: event, time: "2026-01-01T00:00:00.000Z", planHash: plan, step: step, attempt: 1)
    }

    var records: [JournalRecord] {
        [record(.runStarted), record(.stepStarted, step: "a"), record(.stepSucceeded, step: "a"),
         record(.stepStarted, step: "b"), record(.stepSucceeded, step: "b")]
    }

    /// The journal's lines (without newlines).
    func lines(_ records: [JournalRecord]) throws -> [String] {
        String(decoding: try JournalChain.text(records), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Writes `lines` newline-terminated to a fresh journal file; returns its path.
    func write(_ lines: [String], tail: String = "\n") throws -> String {
        let path = Fixtures.tempDirectory() + "/j.jsonl"
        try (lines.joined(separator: "\n") + tail).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func problem(_ lines: [String]) throws -> JournalError? {
        let path = try write(lines)
        do { _ = try Journal.read(path: path); return nil } catch { return error }
    }

    @Test func writtenJournalVerifiesAndLinesCarrySeqAndPrev() throws {
        let path = Fixtures.tempDirectory() + "/j.jsonl"
        do {
            let journal = try Journal(path: path)
            try journal.append(contentsOf: records)
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix(#"{"seq":1,"prev":"\#(JournalChain.Position.start.hash)","#))
        #expect(try lines(records) == text.split(separator: "\n").map(String.init), "writer and text() agree")
        let read = try Journal.read(path: path)
        #expect(read.records == records)
        #expect(read.tail.seq == 5)
    }

    @Test func removedMiddleLineIsAnErrorNamingTheLine() throws {
        var lines = try lines(records)
        lines.remove(at: 2)
        let error = try #require(try problem(lines))
        guard case .corrupt(_, let line, let message) = error else { Issue.record("\(error)"); return }
        #expect(line == 3)
        #expect(message == "seq 4, expected 3: record 3 is missing or out of order")
        #expect(error.description.contains("--truncate-after 2"))
    }

    @Test func reorderedLinesAreAnError() throws {
        var lines = try lines(records)
        lines.swapAt(1, 2)
        let error = try #require(try problem(lines))
        #expect(error.description.contains(":2: corrupt journal record: seq 3, expected 2: record 2 is missing or out "
            + "of order"))
        lines.swapAt(1, 2)
        lines.swapAt(3, 4)
        #expect(try problem(lines)?.description.contains(":4: corrupt journal record: seq 5, expected 4") == true)
    }

    @Test func editedLineBreaksTheNextLine() throws {
        var lines = try lines(records)
        lines[1] = lines[1].replacingOccurrences(of: #""step":"a""#, with: #""step":"z""#)
        let error = try #require(try problem(lines))
        #expect(error.description.contains(":2: corrupt journal record: line 3's prev does not match this line: this "
            + "line was edited"))
        #expect(error.description.contains("Records 1–1 are intact"))
        let repair = error.description.components(separatedBy: "--truncate-after ").last?.prefix { $0.isNumber }
        let kept = try #require(repair.flatMap { Int($0) })
        #expect(try problem(Array(lines.prefix(kept))) == nil && kept == 1, "the advised repair drops the edited line")
    }

    @Test func foreignLineIsAnError() throws {
        var lines = try lines(records)
        lines[2] = try self.lines(records.map { var other = $0; other.planHash = "other"; return other })[2]
        let error = try #require(try problem(lines))
        #expect(error.description.contains(":2: corrupt journal record: line 3's prev does not match this line"))
        let first = try self.lines([record(.runStarted)])[0].replacingOccurrences(
            of: JournalChain.Position.start.hash, with: String(repeating: "0", count: 64))
        #expect(try problem([first])?.description.contains(":1: corrupt journal record: prev is not the journal's "
            + "genesis hash") == true)
    }

    @Test func lineWithoutChainFieldsIsAnError() throws {
        let plain = String(decoding: try JSONEncoder().encode(record(.runStarted)), as: UTF8.self)
        #expect(try problem([plain])?.description.contains(":1: corrupt journal record: no seq/prev") == true)
    }

    @Test(arguments: ["garbage", #"{"seq":6,"prev":"x","event":"noSuchEvent","time":"t"}"#])
    func completeBadLastLineIsAnErrorAndIsNotDeleted(last: String) throws {
        let path = try write(try lines(records) + [last])
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: JournalError.corrupt(path: path, line: 6, message: "not a journal record")) {
            _ = try Journal(path: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "the line was not cut")
    }

    @Test func unterminatedLastLineIsTornEvenWhenItParses() throws {
        let all = try lines(records)
        let path = try write(all, tail: "")
        let journal = try Journal(path: path)
        #expect(journal.records.count == 4)
        #expect(journal.warnings == ["\(path):5: torn last record ignored (a crash while writing it)"])
        try journal.append(record(.stepSucceeded, step: "b"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == all.joined(separator: "\n") + "\n",
            "the rewritten record continues the chain exactly as the torn one did")
    }

    @Test func repairKeepsTheFirstRecordsBytewiseAndABackup() throws {
        var lines = try lines(records)
        lines.remove(at: 3)
        let path = try write(lines)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let outcome = try JournalRepair.truncate(path: path, after: 3)
        #expect(outcome.kept == 3)
        #expect(try Data(contentsOf: URL(fileURLWithPath: outcome.backup)) == original)
        #expect(outcome.backup.hasPrefix(path + ".bak-"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == lines[0..<3].joined(separator: "\n") + "\n")
        let journal = try Journal(path: path)
        try journal.append(record(.stepStarted, step: "b"))
        #expect(try Journal.read(path: path).records.count == 4)
    }

    @Test func repairRefusesToKeepABadLine() throws {
        var lines = try lines(records)
        lines.remove(at: 1)
        let path = try write(lines)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: JournalError.corrupt(path: path, line: 2, message: "seq 3, expected 2: record 2 is missing or out of order")) {
            _ = try JournalRepair.truncate(path: path, after: 3)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
        #expect(throws: JournalError.self) { _ = try JournalRepair.truncate(path: path, after: 9) }
    }
}
