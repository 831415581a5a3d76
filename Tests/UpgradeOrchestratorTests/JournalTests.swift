import Foundation
import Testing
import UpgradeOrchestrator

@Suite("Journal and lock")
struct JournalTests {
    func record(_ event: JournalEvent, step: String? = nil) -> JournalRecord {
        JournalRecord(event: event, time: "2026-01-01T00:00:00.000Z", planHash: "h", step: step, attempt: 1)
    }

    @Test func recordsSurviveReopening() throws {
        let path = Fixtures.tempDirectory() + "/j.jsonl"
        do {
            let journal = try Journal(path: path)
            try journal.append(record(.runStarted))
            try journal.append(record(.stepStarted, step: "a"))
            try journal.append(record(.stepSucceeded, step: "a"))
        }
        let reopened = try Journal(path: path)
        #expect(reopened.records.map(\.event) == [.runStarted, .stepStarted, .stepSucceeded])
        #expect(JournalState(records: reopened.records).done == ["a"])
    }

    @Test func recordsHeldBackReachTheFileInOrderWithTheNextDurableAppend() throws {
        let path = Fixtures.tempDirectory() + "/j.jsonl"
        let journal = try Journal(path: path)
        try journal.append(record(.stepStarted, step: "a"))
        try journal.append(contentsOf: [record(.stepSucceeded, step: "a")], durable: false)
        #expect(try Journal.read(path: path).records.map(\.event) == [.stepStarted], "held back, not written yet")
        try journal.append(contentsOf: [record(.stepStarted, step: "b"), record(.stepStarted, step: "c")])
        #expect(try Journal.read(path: path).records.map(\.step) == ["a", "a", "b", "c"])
        try journal.append(contentsOf: [record(.stepSucceeded, step: "b")], durable: false)
        try journal.sync()
        #expect(try Journal.read(path: path).records.count == 5)
    }

    @Test func tornLastLineIsIgnoredWithAWarningAndCutBeforeAppending() throws {
        let path = Fixtures.tempDirectory() + "/j.jsonl"
        do {
            let journal = try Journal(path: path)
            try journal.append(record(.runStarted))
        }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"event":"stepSta"#.utf8))
        handle.closeFile()
        let journal = try Journal(path: path)
        #expect(journal.records.count == 1)
        #expect(journal.warnings.count == 1)
        #expect(journal.warnings[0].contains(":2: torn last record ignored"))
        try journal.append(record(.stepStarted, step: "b"))
        let again = try Journal(path: path)
        #expect(again.warnings.isEmpty)
        #expect(again.records.map(\.step) == [nil, "b"])
    }

    @Test func garbageBeforeTheLastLineIsAnErrorNamingTheLine() throws {
        let path = Fixtures.tempDirectory() + "/j.jsonl"
        var lines = try JournalChain.text([record(.runStarted), record(.stepStarted, step: "a")])
            .split(separator: 0x0A, omittingEmptySubsequences: false)
        lines.insert(Data("garbage".utf8)[...], at: 1)
        try Data(lines.joined(separator: [0x0A])).write(to: URL(fileURLWithPath: path))
        #expect(throws: JournalError.corrupt(path: path, line: 2, message: "not a journal record")) {
            _ = try Journal(path: path)
        }
    }

    @Test func secondLockHolderIsRefusedNamingTheHolderAndTheLockIsFreedOnRelease() throws {
        let directory = Fixtures.tempDirectory()
        let path = directory + "/PROD.journal.jsonl"
        var first: RunLock? = try RunLock(journal: path)
        try Journal(path: path).append(JournalRecord(
            event: .runStarted, time: "2026-01-01T00:00:00.000Z", reason: "apply", pid: Int(getpid()), host: "h1"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["PROD.journal.jsonl"],
            "no lock file beside the journal: the lock is held on the journal")
        do {
            _ = try RunLock(journal: path)
            Issue.record("a second lock was granted")
        } catch {
            guard case .locked(_, let holder) = error else { throw error }
            #expect(holder == "pid \(getpid()) on h1, apply started 2026-01-01T00:00:00.000Z")
            #expect(error.description.contains("another run holds \(path)"))
        }
        #expect(first != nil)
        first = nil
        _ = try RunLock(journal: path)
    }

    @Test func journalDeletedUnderTheWriterStopsItsNextWrite() throws {
        let path = Fixtures.tempDirectory() + "/j.jsonl"
        let journal = try Journal(path: path)
        try journal.append(record(.runStarted))
        try FileManager.default.removeItem(atPath: path)
        do {
            try journal.append(record(.stepStarted, step: "a"))
            Issue.record("a record was appended to a deleted journal")
        } catch {
            guard case .io(let named, let message) = error else { throw error }
            #expect(named == path)
            #expect(message.hasPrefix("was deleted while this run was writing it"))
        }
    }

    @Test func foldTracksInFlightFailedAndGenerations() {
        var records = [
            record(.runStarted), record(.stepStarted, step: "a"), record(.stepStarted, step: "b"),
            record(.stepSucceeded, step: "a"),
        ]
        var failed = record(.stepFailed, step: "c")
        failed.reason = "503"
        records += [record(.stepStarted, step: "c"), failed]
        let state = JournalState(records: records)
        #expect(state.done == ["a"])
        #expect(state.inFlight == ["b": 1])
        #expect(state.failed == ["c": "503"])
        #expect(state.isUnfinished)
        var finished = record(.runFinished)
        finished.outcome = "rolledBack"
        var second = record(.runStarted)
        second.generation = 2
        let next = JournalState(records: records + [finished, second])
        #expect(next.generation == 2)
        #expect(next.done.isEmpty)
    }
}
