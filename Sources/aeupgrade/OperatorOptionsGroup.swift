import ArgumentParser
import Foundation
import Logging
import UpgradeOrchestrator

/// Options of `apply` and `resume` for operators and schedulers: the maintenance window, the event output and
/// the diagnostics level.
struct OperatorOptionsGroup: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Maintenance window in local time, HH:MM-HH:MM (22:00-02:00 crosses midnight). A batch starts only when its "
            + "estimated duration fits before the window closes; otherwise the run stops at a safe point (exit 75).",
        valueName: "HH:MM-HH:MM"))
    var window: String?

    @Option(name: .long, help: ArgumentHelp(
        "Like --window, ending at this ISO 8601 time (2026-11-26T04:00:00Z, 2026-11-26T04:00:00+01:00).",
        valueName: "time"))
    var until: String?

    @Option(name: .long, help: ArgumentHelp(
        "Events on stdout: text (a live display on a terminal, plain lines otherwise) or json "
            + "(NDJSON, one object per line, see docs/events.md)."))
    var output: OutputFormat = .text

    @Option(name: .long, help: "Diagnostics on stderr: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "warning"

    /// Event output formats.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func validate() throws {
        if let window, case .failure(let error) = MaintenanceWindow.parse(window) {
            throw ValidationError(error.description)
        }
        if let until, RunReport.date(until) == nil {
            throw ValidationError("--until \(until): expected an ISO 8601 time with a zone, e.g. 2026-11-26T04:00:00Z")
        }
        if Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level \(logLevel): expected trace, debug, info, notice, warning, error or critical")
        }
    }

    /// Where `now` stands in the window: time left and its end in words; nil without --window or --until.
    func limit(now: Date, calendar: Calendar = .current) -> (left: Duration, end: String, opens: Date?)? {
        var best: (left: Duration, end: String, opens: Date?)?
        if let window, case .success(let parsed) = MaintenanceWindow.parse(window) {
            switch parsed.position(at: now, calendar: calendar) {
            case .open(let until):
                best = (.milliseconds(Int(until.timeIntervalSince(now) * 1000)),
                    "window \(parsed) closes at \(local(until))", nil)
            case .closed(let opens):
                best = (.zero, "window \(parsed) is closed until \(local(opens))", opens)
            }
        }
        if let until, let date = RunReport.date(until) {
            let left = Duration.milliseconds(max(0, Int(date.timeIntervalSince(now) * 1000)))
            if best == nil || left < best!.left { best = (left, "window ends at \(until) (--until)", nil) }
        }
        return best
    }

    private func local(_ date: Date) -> String {
        Date.ISO8601FormatStyle(timeZone: .current).format(date)
    }
}
