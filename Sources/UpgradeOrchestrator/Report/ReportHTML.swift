import Foundation

/// The report as one self-contained HTML page: inline CSS, the inline SVG timeline, summary tables; no scripts,
/// no external URLs. Every text from the journal, plan or simulator is escaped.
public enum ReportHTML {
    /// The page for `report`.
    public static func render(_ report: RunReport, timeline: TimelineSVG = TimelineSVG()) -> String {
        typealias F = ReportFormat
        let title = "\(report.system) upgrade report"
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(esc(title))</title>
            <style>\(style)</style>
            </head>
            <body>
            <h1>\(esc(title))</h1>

            """
        html += "<p class=\"outcome outcome-\(esc(report.outcome))\">Last run: <b>\(esc(report.outcome))</b> · "
            + "\(report.runs) run\(report.runs == 1 ? "" : "s") · \(esc(F.timestamp(report.start))) → "
            + "\(esc(F.timestamp(report.end)))"
            + (report.planHash.map { " · plan \(esc(String($0.prefix(12))))" } ?? "")
            + "</p>\n"
        if report.isScaled { html += "<p class=\"scale\">\(esc(F.scaleNote(report.timeScale)))</p>\n" }
        html += table(["", "planned", "actual"], [
            ["first to last record", "-", F.duration(report.actualSeconds) + (report.isScaled ? " wall clock" : "")],
            ["running (between runs left out)", F.duration(Double(report.plannedCriticalPathSeconds))
                + " (critical path)", report.farmDuration(report.runningSeconds)],
            ["between runs (paused, stopped, crashed)", "-", F.duration(report.breakSeconds)],
            ["ZDU compatibility mode", "-", report.compatibilitySeconds.map {
                report.farmDuration($0) + (report.stillInCompatibility ? " (still on)" : "")
            } ?? "never entered"],
            ["steps (forward / rollback)", "\(report.kinds.reduce(0) { $0 + $1.planned })",
                "\(report.steps.filter { $0.phase == .forward }.count) / "
                    + "\(report.steps.filter { $0.phase == .rollback }.count)"],
            ["retries / failed attempts", "-",
                "\(report.steps.reduce(0) { $0 + $1.retries }) / \(report.failures.count)"],
        ], caption: "Summary")
        html += "<h2>Timeline</h2>\n<div class=\"timeline-box\">\n" + timeline.render(report) + "\n</div>\n"
        html += kindTable(report)
        if !report.gates.isEmpty {
            html += "<h2>Gates, approvals and wizard steps</h2>\n<ul>\n" + report.gates.map {
                "<li>\(esc(RunReport.describe($0, timeScale: report.timeScale)))</li>\n"
            }.joined() + "</ul>\n"
        }
        if !report.breaks.isEmpty {
            html += table(["kind", "from", "to", "for", "why"], report.breaks.map { item in
                [item.kind, F.clock(item.start), F.clock(item.end),
                    F.duration(item.end.map { $0.timeIntervalSince(item.start) }), item.reason]
            }, caption: "Breaks between runs")
        }
        if !report.failures.isEmpty {
            html += table(["time", "step", "attempt", "reason"], report.failures.map { entry in
                [F.clock(entry.failure.time), entry.step.id, "\(entry.failure.attempt)", entry.failure.reason]
            }, caption: "Failures", rowClass: "failure")
        }
        if let rollback = report.rollback {
            html += "<h2>Rollback</h2>\n<p>After <code>\(esc(rollback.cause))</code> failed (\(esc(rollback.reason))): "
                + "\(esc(F.clock(rollback.start))) → \(esc(F.clock(rollback.end))), "
                + "\(esc(rollback.outcome ?? "unfinished")).</p>\n"
        }
        if report.availability != nil {
            html += "<h2>Availability (simulator)</h2>\n<pre>"
                + esc(report.availabilityLines.dropFirst().joined(separator: "\n")) + "</pre>\n"
        }
        html += table(["step", "kind", "phase", "start", "end", "duration", "attempts", "outcome"],
            report.steps.map { step in
                [step.id, step.kind.rawValue, step.phase.rawValue + (step.generation > 1 ? " g\(step.generation)" : ""),
                    F.clock(step.start), F.clock(step.end), report.farmDuration(step.seconds), "\(step.attempts)",
                    step.outcome.rawValue]
            }, caption: "Steps")
        for warning in report.warnings { html += "<p class=\"warning\">warning: \(esc(warning))</p>\n" }
        return html + "</body>\n</html>\n"
    }

    private static func kindTable(_ report: RunReport) -> String {
        typealias F = ReportFormat
        var rows = report.kinds.map { kind in
            [kind.kind.rawValue, "\(kind.planned)", "\(kind.done)", F.duration(Double(kind.plannedSeconds)),
                report.farmDuration(kind.actualSeconds),
                F.ratio(actual: kind.actualSeconds * report.timeScale, planned: Double(kind.plannedSeconds))]
        }
        let planned = Double(report.kinds.reduce(0) { $0 + $1.plannedSeconds })
        let actual = report.kinds.reduce(0.0) { $0 + $1.actualSeconds }
        rows.append(["total (sum of steps)", "\(report.kinds.reduce(0) { $0 + $1.planned })",
            "\(report.kinds.reduce(0) { $0 + $1.done })", F.duration(planned), report.farmDuration(actual),
            F.ratio(actual: actual * report.timeScale, planned: planned)])
        return table(["kind", "steps", "done", "planned", "actual", "actual/planned"], rows,
            caption: "Planned vs actual per step kind")
    }

    private static func table(
        _ header: [String], _ rows: [[String]], caption: String, rowClass: String? = nil
    ) -> String {
        var out = "<h2>\(esc(caption))</h2>\n<table>\n<thead><tr>"
            + header.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        let attribute = rowClass.map { " class=\"\(esc($0))\"" } ?? ""
        for row in rows {
            out += "<tr\(attribute)>" + row.map { "<td>\(esc($0))</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    private static func esc(_ text: String) -> String { ReportFormat.escape(text) }

    private static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d2329;background:#fff}
        h1{font-size:22px;margin:0 0 8px}h2{font-size:16px;margin:22px 0 8px}
        table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #d0d4d9;padding:3px 8px;text-align:left}
        th{background:#eef1f4}tr.failure td{color:#a00000}code,pre{font-family:ui-monospace,monospace;font-size:12px}
        .outcome{font-size:14px}.outcome-done b{color:#1b7f2a}.outcome-rolledBack b,.outcome-halted b{color:#c00000}
        .outcome-paused b,.outcome-stopped b,.outcome-unfinished b{color:#b26a00}
        .timeline-box{overflow-x:auto;border:1px solid #d0d4d9;padding:4px}.warning{color:#b26a00}
        .scale{font-size:13px;background:#fff6e0;border:1px solid #e0c070;padding:4px 8px;display:inline-block}
        """
}
