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

    /// Where `date` stands: inside the window (with its end), or outside (with the next opening).
    public func position(at date: Date, calendar: Calendar) -> Position {
        let midnight = calendar.startOfDay(for: date)
        let now = date.timeIntervalSince(midnight) / 60
        func at(_ minutes: Int, dayOffset: Int) -> Date {
            let day = calendar.date(byAdding: .day, value: dayOffset, to: midnight) ?? midnight
            return calendar.date(byAdding: .minute, value: minutes, to: day) ?? day
        }
        if start < end {
            if now >= Double(start), now < Double(end) { return .open(until: at(end, dayOffset: 0)) }
            return .closed(opens: at(start, dayOffset: now < Double(start) ? 0 : 1))
        }
        if now >= Double(start) { return .open(until: at(end, dayOffset: 1)) }
        if now < Double(end) { return .open(until: at(end, dayOffset: 0)) }
        return .closed(opens: at(start, dayOffset: 0))
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
