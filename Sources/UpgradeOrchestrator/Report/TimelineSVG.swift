import Foundation
import UpgradePlan

/// The report's timeline as inline SVG: one `<g class="row" data-node="…">` per node plus one for `system`
/// (system-wide steps and gates), a bar per step coloured by kind, rollback steps hatched, failures as red
/// markers, retries as ticks, breaks between runs shaded, a time axis and a legend. Pure and deterministic.
public struct TimelineSVG {
    /// Width of the row labels, pixels.
    public var labelWidth = 150.0
    /// Width of the time area, pixels.
    public var chartWidth = 960.0
    /// Height of one row, pixels.
    public var rowHeight = 26.0
    let top = 34.0

    /// Creates a renderer with the default geometry.
    public init() {}

    /// The SVG element for `report`.
    public func render(_ report: RunReport) -> String {
        let t0 = report.start ?? Date(timeIntervalSince1970: 0)
        let span = max(report.actualSeconds ?? 0, 0.001)
        let scale = chartWidth / span
        func x(_ date: Date) -> Double { labelWidth + max(0, date.timeIntervalSince(t0)) * scale }
        let bottom = top + Double(report.rows.count) * rowHeight
        let legend = legendItems(report)
        let height = bottom + 34 + Double((legend.count + 5) / 6) * 20 + 10
        let width = labelWidth + chartWidth + 20
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"\(n(width))\" "
            + "height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" "
            + "aria-label=\"Upgrade timeline of \(esc(report.system))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        svg += "<defs><pattern id=\"hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" "
            + "patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#111\" "
            + "stroke-width=\"2.5\"/></pattern></defs>\n"
        svg += axis(span: span, start: t0, bottom: bottom)
        let rowSet = Set(report.rows)
        var byRow: [String: [ReportStep]] = [:]
        for step in report.steps {
            let named = step.nodes.filter(rowSet.contains)
            for row in named.isEmpty ? [RunReport.systemRow] : named { byRow[row, default: []].append(step) }
        }
        for (index, row) in report.rows.enumerated() {
            let y = top + Double(index) * rowHeight
            svg += "<g class=\"row\" data-node=\"\(esc(row))\">\n"
            svg += "<rect class=\"lane\" x=\"0\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(rowHeight))\" "
                + "fill=\"\(index % 2 == 0 ? "#f6f7f9" : "#ffffff")\"/>\n"
            svg += "<text x=\"6\" y=\"\(n(y + rowHeight / 2 + 4))\" font-weight=\"bold\">\(esc(row))</text>\n"
            for step in byRow[row] ?? [] {
                svg += bar(step, y: y, x: x, end: report.end ?? t0, timeScale: report.timeScale)
            }
            if row == RunReport.systemRow {
                for gate in report.gates { svg += gateMarks(gate, y: y, x: x, timeScale: report.timeScale) }
            }
            svg += "</g>\n"
        }
        svg += "<g class=\"breaks\">\n"
        for item in report.breaks {
            let left = x(item.start)
            let right = x(item.end ?? report.end ?? item.start)
            svg += "<rect class=\"break\" x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(max(1, right - left)))\" "
                + "height=\"\(n(bottom - top))\" fill=\"#5f6368\" fill-opacity=\"0.22\" stroke=\"#5f6368\" "
                + "stroke-dasharray=\"4 3\"><title>"
                + esc("\(item.kind): \(item.reason)") + "</title></rect>\n"
        }
        svg += "</g>\n"
        svg += legendSVG(legend, y: bottom + 34)
        return svg + "</svg>"
    }

    private func bar(_ step: ReportStep, y: Double, x: (Date) -> Double, end: Date, timeScale: Double) -> String {
        guard let first = step.start ?? step.end else { return "" }
        let left = x(first)
        let right = max(x(step.end ?? end), left + 2)
        let (top, height) = (y + 5, rowHeight - 10)
        let color = TimelinePalette.color(step.kind)
        let title = "\(step.id) (\(step.kind.rawValue)): \(step.outcome.rawValue), \(step.attempts) attempt"
            + "\(step.attempts == 1 ? "" : "s"), \(ReportFormat.farmDuration(step.seconds, timeScale: timeScale))"
            + (step.failures.last.map { "; last failure: \($0.reason)" } ?? "")
        let geometry = "x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(right - left))\" height=\"\(n(height))\""
        var out = "<rect class=\"step \(step.phase.rawValue)\" data-step=\"\(esc(step.id))\" \(geometry) "
            + "fill=\"\(color)\"" + (step.outcome == .failed ? " stroke=\"#d00000\" stroke-width=\"2\"" : "")
            + "><title>\(esc(title))</title></rect>\n"
        if step.phase == .rollback {
            out += "<rect class=\"rollback-hatch\" \(geometry) fill=\"url(#hatch)\" fill-opacity=\"0.55\" "
                + "stroke=\"#111\" stroke-width=\"1\"/>\n"
        }
        for retry in step.retryStarts {
            let at = x(retry)
            out += "<path class=\"retry\" d=\"M\(n(at - 5)) \(n(y)) L\(n(at + 5)) \(n(y)) L\(n(at)) \(n(y + 7)) Z "
                + "M\(n(at)) \(n(y + 7)) L\(n(at)) \(n(y + rowHeight - 3))\" fill=\"#ff8c00\" stroke=\"#ff8c00\" "
                + "stroke-width=\"2\"><title>" + esc("\(step.id): retry") + "</title></path>\n"
        }
        for failure in step.failures {
            let at = x(failure.time)
            let mid = y + rowHeight / 2
            out += "<path class=\"failure\" d=\"M\(n(at - 5)) \(n(mid - 5)) L\(n(at + 5)) \(n(mid + 5)) "
                + "M\(n(at + 5)) \(n(mid - 5)) L\(n(at - 5)) \(n(mid + 5))\" stroke=\"#d00000\" stroke-width=\"3\">"
                + "<title>\(esc("\(step.id) attempt \(failure.attempt) failed: \(failure.reason)"))</title></path>\n"
        }
        return out
    }

    private func gateMarks(
        _ gate: RunReport.GateRecord, y: Double, x: (Date) -> Double, timeScale: Double
    ) -> String {
        let mid = y + rowHeight / 2
        var out = ""
        if let paused = gate.pausedAt, gate.kind == .gate {
            out += "<circle class=\"approval-wait\" cx=\"\(n(x(paused)))\" cy=\"\(n(mid))\" r=\"5\" fill=\"#fff\" "
                + "stroke=\"#6a1b9a\" stroke-width=\"2\"><title>\(esc("\(gate.id): paused for approval"))</title>"
                + "</circle>\n"
        } else if let paused = gate.pausedAt, gate.kind.isWizardStep {
            let at = x(paused)
            out += "<rect class=\"operator-stop\" x=\"\(n(at - 4.5))\" y=\"\(n(mid - 4.5))\" width=\"9\" height=\"9\" "
                + "fill=\"#fff\" stroke=\"#1d2329\" stroke-width=\"2\"><title>"
                + esc("\(gate.id): stopped for the operator (AWI wizard step \(gate.kind.wizardStepNumber ?? 0))")
                + "</title></rect>\n"
        }
        if let passed = gate.passed, gate.kind == .gate {
            let at = x(passed)
            out += "<path class=\"gate\" d=\"M\(n(at)) \(n(mid - 8)) L\(n(at + 7)) \(n(mid)) L\(n(at)) \(n(mid + 8)) "
                + "L\(n(at - 7)) \(n(mid)) Z\" fill=\"#6a1b9a\" stroke=\"#fff\"><title>"
                + esc(RunReport.describe(gate, timeScale: timeScale)) + "</title></path>\n"
        }
        return out
    }

    private func axis(span: Double, start: Date, bottom: Double) -> String {
        let candidates: [Double] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900,
            1800, 3600, 7200, 10800, 21600, 43200, 86400]
        let step = candidates.first { span / $0 <= 10 } ?? 86400
        var out = "<g class=\"axis\">\n<text x=\"\(n(labelWidth))\" y=\"12\" fill=\"#444\">"
            + "wall clock since \(esc(ReportFormat.timestamp(start)))</text>\n"
        var tick = 0.0
        while tick <= span + step * 0.001 {
            let at = labelWidth + tick * chartWidth / span
            out += "<line x1=\"\(n(at))\" y1=\"\(n(top - 4))\" x2=\"\(n(at))\" y2=\"\(n(bottom))\" stroke=\"#d0d4d9\"/>"
                + "<text x=\"\(n(at))\" y=\"\(n(top - 8))\" text-anchor=\"middle\" fill=\"#444\">"
                + "+\(esc(ReportFormat.duration(tick)))</text>\n"
            tick += step
        }
        return out + "</g>\n"
    }

    private func legendItems(_ report: RunReport) -> [(label: String, swatch: String)] {
        let kinds = Set(report.steps.map(\.kind)).union(report.kinds.map(\.kind))
        var items = StepKind.allCases.filter(kinds.contains).map { kind in
            (kind.rawValue, "<rect width=\"14\" height=\"10\" fill=\"\(TimelinePalette.color(kind))\"/>")
        }
        items.append(("rollback step", "<rect width=\"14\" height=\"10\" fill=\"#bbb\"/>"
            + "<rect width=\"14\" height=\"10\" fill=\"url(#hatch)\" stroke=\"#111\"/>"))
        items.append(("failed attempt", "<path d=\"M2 0 L12 10 M12 0 L2 10\" stroke=\"#d00000\" stroke-width=\"3\"/>"))
        items.append(("retry", "<path d=\"M2 -1 L12 -1 L7 6 Z M7 6 L7 11\" fill=\"#ff8c00\" stroke=\"#ff8c00\" "
            + "stroke-width=\"2\"/>"))
        items.append(("gate passed", "<path d=\"M7 -2 L14 5 L7 12 L0 5 Z\" fill=\"#6a1b9a\"/>"))
        items.append(("paused for approval", "<circle cx=\"7\" cy=\"5\" r=\"5\" fill=\"#fff\" stroke=\"#6a1b9a\" "
            + "stroke-width=\"2\"/>"))
        items.append(("stopped for the operator", "<rect x=\"2.5\" y=\"0.5\" width=\"9\" height=\"9\" "
            + "fill=\"#fff\" stroke=\"#1d2329\" stroke-width=\"2\"/>"))
        items.append(("between runs (paused, stopped, crashed)", "<rect width=\"14\" height=\"10\" fill=\"#5f6368\" "
            + "fill-opacity=\"0.22\" stroke=\"#5f6368\" stroke-dasharray=\"4 3\"/>"))
        return items
    }

    private func legendSVG(_ items: [(label: String, swatch: String)], y: Double) -> String {
        var out = "<g class=\"legend\">\n"
        for (index, item) in items.enumerated() {
            let left = 10 + Double(index % 6) * 185
            let top = y + Double(index / 6) * 20
            out += "<g transform=\"translate(\(n(left)),\(n(top)))\">\(item.swatch)<text x=\"20\" y=\"9\">"
                + "\(esc(item.label))</text></g>\n"
        }
        return out + "</g>\n"
    }

    private func esc(_ text: String) -> String { ReportFormat.escape(text) }
    private func n(_ value: Double) -> String { ReportFormat.fixed(value, digits: 1) }
}
