import Foundation

/// A daily maintenance window in local time, `HH:MM-HH:MM`; one whose end is before its start crosses midnight
/// (`22:00-02:00`). Pure: the current time and the calendar are passed in.
public struct MaintenanceWindow: Sendable, Equatable, CustomStringConvertible {
    /// Minutes after midnight the window opens.
    public var start: Int
    /// Minutes after midnight the window closes.
    public var end: Int

    /// Parses `HH:MM-HH:MM`; nil with a reason when malformed.
    public static func parse(_ text: String) -> Result<MaintenanceWindow, WindowError> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = minutes(parts[0]), let end = minutes(parts[1]) else {
            return .failure(.malformed(text: text))
        }
        guard start != end else { return .failure(.empty(text: text)) }
        return .success(MaintenanceWindow(start: start, end: end))
    }

    private static func minutes(_ text: Substring) -> Int? {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2, fields[0].count <= 2, fields[1].count == 2, let hour = Int(fields[0]),
            let minute = Int(fields[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }

    /// `HH:MM-HH:MM`.
    public var description: String { "\(Self.clock(start))-\(Self.clock(end))" }

    /// Where `date` stands: inside the window (with its end), or outside (with the next opening). Times are wall
    /// clock times in `calendar`'s time zone, daylight-saving changes included: on the night clocks go forward a
    /// 02:00-04:00 window opens at 03:00 (02:00 does not exist) and lasts one hour; on the night they go back it
    /// opens at the first 02:00 and closes at 04:00, three hours later. Never elapsed minutes since midnight.
    public func position(at date: Date, calendar: Calendar) -> Position {
        let parts = calendar.dateComponents([.hour, .minute, .second, .nanosecond], from: date)
        let now = Double((parts.hour ?? 0) * 60 + (parts.minute ?? 0))
            + (Double(parts.second ?? 0) + Double(parts.nanosecond ?? 0) / 1e9) / 60
        let inside = start < end ? now >= Double(start) && now < Double(end)
            : now >= Double(start) || now < Double(end)
        if inside { return .open(until: Self.next(end, after: date, calendar: calendar)) }
        return .closed(opens: Self.next(start, after: date, calendar: calendar))
    }

    /// The first moment after `date` that the wall clock shows `minutes` after midnight; a time skipped by a
    /// daylight-saving change is the first moment after the gap, a repeated time its first occurrence.
    static func next(_ minutes: Int, after date: Date, calendar: Calendar) -> Date {
        let wanted = DateComponents(hour: minutes / 60, minute: minutes % 60, second: 0)
        return calendar.nextDate(
            after: date, matching: wanted, matchingPolicy: .nextTime, repeatedTimePolicy: .first, direction: .forward)
            ?? date.addingTimeInterval(24 * 3600)
    }

    /// Inside or outside the window.
    public enum Position: Sendable, Equatable {
        /// Inside; the window closes at `until`.
        case open(until: Date)
        /// Outside; the window next opens at `opens`.
        case closed(opens: Date)
    }

    /// Why a window does not parse.
    public enum WindowError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Not `HH:MM-HH:MM`.
        case malformed(text: String)
        /// Start equals end.
        case empty(text: String)

        /// What is wrong and what is expected.
        public var description: String {
            switch self {
            case .malformed(let text):
                return "--window \(text): expected HH:MM-HH:MM in local time, e.g. 02:00-04:00 (22:00-02:00 crosses midnight)"
            case .empty(let text): return "--window \(text): start and end are equal; the window would be empty"
            }
        }
    }

    private static func clock(_ minutes: Int) -> String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }
}
