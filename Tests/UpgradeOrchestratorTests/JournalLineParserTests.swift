import Foundation
import Testing
@testable import FarmSimulator
@testable import UpgradeOrchestrator

/// The journal's fast line reader must read every line aeupgrade writes exactly as JSONDecoder does, and hand
/// everything else to JSONDecoder, so what a journal holds never depends on which path read it.
@Suite struct JournalLineParserTests {
    /// Lines as the journal writes them: the chain fields, then the record's members.
    private static func lines(_ records: [JournalRecord]) throws -> [[UInt8]] {
        try JournalChain.text(records).split(separator: 0x0A).map { Array($0) }
    }

    private static func decoded(_ line: [UInt8]) -> JournalChain.Link? {
        try? JSONDecoder().decode(JournalChain.Link.self, from: Data(line))
    }

    private static func fast(_ line: [UInt8]) -> JournalChain.Link? {
        line.withUnsafeBufferPointer { JournalLineParser.link($0) }
    }

    /// Texts with what JSON must escape or may carry raw: quotes, backslashes, control characters, slashes,
    /// non-ASCII letters, a character outside the BMP.
    private static let awkward = [
        "", "plain", "quote \" inside", "back\\slash", "new\nline and\ttab", "bell \u{07} and nul \u{0}",
        "http://node:8443/v1/node", "Zürich – Ørsted", "emoji 🚀 end", "\u{7F} delete", "line\r\nfeed",
    ]

    @Test func readsEveryRecordTheJournalWritesAsJSONDecoderDoes() throws {
        var random = SplitMix64(seed: 11)
        var records: [JournalRecord] = []
        for index in 0..<2_000 {
            func text() -> String? {
                random.next() % 3 == 0 ? nil : Self.awkward[Int(random.next() % UInt64(Self.awkward.count))]
                    + String(index)
            }
            func number() -> Int? {
                switch random.next() % 4 {
                case 0: return nil
                case 1: return Int.max - Int(random.next() % 3)
                case 2: return -Int(random.next() % 1_000)
                default: return Int(random.next() % 100)
                }
            }
            let events: [JournalEvent] = [
                .runStarted, .stepStarted, .stepSucceeded, .stepFailed, .gatePassed, .paused, .approved,
                .driftAccepted, .rollbackStarted, .rollbackFinished, .runFinished,
            ]
            records.append(JournalRecord(
                event: events[index % events.count], time: text() ?? "2026-11-30T02:00:00.000Z",
                planHash: text(), system: text(), phase: [nil, .forward, .rollback][index % 3], step: text(),
                attempt: number(), key: text(), observed: text(), reason: text(), outcome: text(),
                generation: number(), pid: number(), host: text(), by: text(), comment: text(),
                timeScale: [nil, 1000, 0.5, 12.25, 0.001, 3e20][index % 6]))
        }
        for (number, line) in try Self.lines(records).enumerated() {
            let fast = try #require(Self.fast(line), "line \(number + 1) fell back to JSONDecoder")
            let decoded = try #require(Self.decoded(line))
            #expect(fast.seq == decoded.seq && fast.prev == decoded.prev, "line \(number + 1)")
            #expect(fast.record == decoded.record, "line \(number + 1)")
            #expect(fast.record == records[number])
        }
    }

    @Test func decodesEscapesJSONAllowsButTheEncoderDoesNotWrite() throws {
        let line = Array(#"{"seq":1,"prev":"p","event":"paused","time":"t","reason":"a\/b \u00e9 \ud83d\ude80 \u0041","step":null}"#.utf8)
        let fast = try #require(Self.fast(line))
        #expect(fast.record.reason == "a/b é 🚀 A")
        #expect(fast.record == Self.decoded(line)?.record)
    }

    /// Valid JSON outside the flat form goes to JSONDecoder; invalid JSON too. Either way the reader agrees with it.
    @Test(arguments: [
        #"{"seq":1,"prev":"p","event":"paused","time":"t","extra":{"nested":[1,2]}}"#,
        #"{"seq":1,"prev":"p","event":"paused","time":"t","extra":true}"#,
        #"{"seq":1.0,"prev":"p","event":"paused","time":"t"}"#,
        #"{"seq":1,"prev":"p","event":"paused","time":"t","time":"u"}"#,
        #"{"seq":1,"prev":"p","event":"paused","ti\u006de":"t"}"#,
        #"{"seq":1,"prev":"p","event":"paused","time":"lone \udc00 surrogate"}"#,
        #"{"seq":1,"prev":"p","event":"sideways","time":"t"}"#,
        #"{"seq":1,"prev":"p","event":"paused"}"#,
        #"{"seq":1,"prev":"p","event":"paused","time":"t"} trailing"#,
        #"{"seq":01,"prev":"p","event":"paused","time":"t"}"#,
        #"{"seq":99999999999999999999,"prev":"p","event":"paused","time":"t"}"#,
        #"{"seq":1,"prev":"p","event":"paused","time":"t","phase":"sideways"}"#,
        #"{"seq":1,"prev":"p","event":"paused","time":"bad \x escape"}"#,
        #"[1,2]"#,
    ])
    func leavesEverythingElseToJSONDecoder(_ text: String) {
        let line = Array(text.utf8)
        #expect(Self.fast(line) == nil)
    }

    @Test func leavesInvalidUTF8ToJSONDecoder() {
        var line = Array(#"{"seq":1,"prev":"p","event":"paused","time":""#.utf8)
        line += [0xC3, 0x28]
        line += Array(#""}"#.utf8)
        #expect(Self.fast(line) == nil)
        var key = Array(#"{"seq":1,"prev":"p","event":"paused","time":"t",""#.utf8)
        key += [0xFF]
        key += Array(#"":"x"}"#.utf8)
        #expect(Self.fast(key) == nil, "a member name that is not UTF-8 is JSONDecoder's to refuse")
    }

    @Test func ignoresAnUnknownMemberAsJSONDecoderDoes() throws {
        let line = Array(#"{"seq":1,"prev":"p","event":"paused","time":"t","größe":"x","reason":"r"}"#.utf8)
        let fast = try #require(Self.fast(line))
        #expect(fast.record == Self.decoded(line)?.record)
        #expect(fast.record.reason == "r")
    }

    @Test func aJournalWithAMemberItDoesNotKnowStillReads() throws {
        // A line JSONDecoder accepts but the fast reader does not (an unknown nested member) is read through
        // JSONDecoder, and the chain still links.
        let genesis = JournalChain.Position.start.hash
        let text = #"{"seq":1,"prev":"\#(genesis)","event":"paused","time":"t","extra":{"a":[true]}}"# + "\n"
        let read = try JournalRead.parse(Array(text.utf8), path: "j.jsonl")
        #expect(read.records == [JournalRecord(event: .paused, time: "t")])
    }
}
