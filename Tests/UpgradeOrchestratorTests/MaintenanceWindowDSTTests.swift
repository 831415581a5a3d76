import Foundation
import Testing
import UpgradeOrchestrator

/// A 02:00-04:00 window on both daylight-saving nights, in an explicit time zone (Europe/Vienna: clocks go
/// forward 02:00 -> 03:00 on 29 March 2026 and back 03:00 -> 02:00 on 25 October 2026), whatever the machine's.
@Suite("maintenance window across daylight-saving changes")
struct MaintenanceWindowDSTTests {
    static let vienna: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Vienna")!
        return calendar
    }()

    static func utc(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    func position(_ window: String, at utc: String) throws -> MaintenanceWindow.Position {
        let parsed = try MaintenanceWindow.parse(window).get()
        return parsed.position(at: Self.utc(utc), calendar: Self.vienna)
    }

    @Test(arguments: [
        // 01:30 CET: not yet open; 02:00 does not exist that night, the window opens at 03:00 CEST.
        ("2026-03-29T00:30:00Z", MaintenanceWindow.Position.closed(opens: utc("2026-03-29T01:00:00Z"))),
        // 03:15 and 03:45 CEST: open, closing at 04:00 CEST (02:00Z): a one-hour window that night.
        ("2026-03-29T01:15:00Z", .open(until: utc("2026-03-29T02:00:00Z"))),
        ("2026-03-29T01:45:00Z", .open(until: utc("2026-03-29T02:00:00Z"))),
        // 04:10 CEST: closed until 02:00 CEST the next night.
        ("2026-03-29T02:10:00Z", .closed(opens: utc("2026-03-30T00:00:00Z"))),
    ])
    func springForward(at: String, expected: MaintenanceWindow.Position) throws {
        #expect(try position("02:00-04:00", at: at) == expected)
    }

    @Test(arguments: [
        // 01:30 CEST: opens at the first 02:00 (CEST).
        ("2026-10-24T23:30:00Z", MaintenanceWindow.Position.closed(opens: utc("2026-10-25T00:00:00Z"))),
        // 02:30 CEST, 02:30 CET (the hour again) and 03:30 CET: open until 04:00 CET (03:00Z), three hours in all.
        ("2026-10-25T00:30:00Z", .open(until: utc("2026-10-25T03:00:00Z"))),
        ("2026-10-25T01:30:00Z", .open(until: utc("2026-10-25T03:00:00Z"))),
        ("2026-10-25T02:30:00Z", .open(until: utc("2026-10-25T03:00:00Z"))),
        // 04:00 CET: closed until 02:00 CET the next night.
        ("2026-10-25T03:00:00Z", .closed(opens: utc("2026-10-26T01:00:00Z"))),
    ])
    func fallBack(at: String, expected: MaintenanceWindow.Position) throws {
        #expect(try position("02:00-04:00", at: at) == expected)
    }

    @Test func aWindowAcrossMidnightOnAnOrdinaryNight() throws {
        #expect(try position("22:00-02:00", at: "2026-06-10T21:30:00Z")  // 23:30 CEST
            == .open(until: Self.utc("2026-06-11T00:00:00Z")))
        #expect(try position("22:00-02:00", at: "2026-06-10T22:30:00Z")  // 00:30 CEST
            == .open(until: Self.utc("2026-06-11T00:00:00Z")))
        #expect(try position("22:00-02:00", at: "2026-06-11T00:30:00Z")  // 02:30 CEST
            == .closed(opens: Self.utc("2026-06-11T20:00:00Z")))
    }
}
