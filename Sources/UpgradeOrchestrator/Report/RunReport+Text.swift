import Foundation

extension RunReport {
    /// The plain-text summary `aeupgrade report` prints: outcome, planned vs actual, ZDU time, gates, breaks,
    /// failures, rollback and availability.
    public var textLines: [String] {
        typealias F = ReportFormat
        var lines: [String] = []
        let hash = planHash.map { ", plan \($0.prefix(12))" } ?? ""
        lines.append("\(system) upgrade report: last run \(outcome), \(runs) run\(runs == 1 ? "" : "s")\(hash)")
        if isScaled { lines.append("  " + F.scaleNote(timeScale)) }
        lines.append("  from \(F.timestamp(start)) to \(F.timestamp(end)): \(F.duration(actualSeconds)) wall clock, "
            + "\(F.duration(breakSeconds)) of it between runs")
        let running = isScaled
            ? "\(F.duration(runningSeconds)) wall clock, \(farmDuration(runningSeconds))" : F.duration(runningSeconds)
        lines.append("  planned: \(F.duration(Double(plannedCriticalPathSeconds))) critical path; running time: "
            + running)
        let forward = steps.filter { $0.phase == .forward }
        let back = steps.filter { $0.phase == .rollback }
        let retries = steps.reduce(0) { $0 + $1.retries }
        let generations = Set(steps.map(\.generation)).count
        let across = generations > 1 ? " across \(generations) generations (apply --continue after a fallback runs the "
            + "plan again)" : ""
        lines.append("steps: \(forward.count) forward (\(forward.filter { $0.outcome == .done }.count) done, "
            + "\(forward.filter { $0.outcome == .failed }.count) failed), \(back.count) rollback; \(retries) retries, "
            + "\(failures.count) failed attempts\(across)")
        lines.append("planned vs actual per step kind (actual: measured, first start to end, all attempts"
            + (generations > 1 ? "; done: in every generation" : "") + "):")
        let width = isScaled ? 15 : 11
        lines.append("  " + pad("kind", 23) + pad("steps", 7) + pad("done", 6) + pad("planned", 11)
            + pad("actual", width) + "actual/planned")
        for kind in kinds {
            lines.append("  " + pad(kind.kind.rawValue, 23) + pad("\(kind.planned)", 7) + pad("\(kind.done)", 6)
                + pad(F.duration(Double(kind.plannedSeconds)), 11) + pad(farmDuration(kind.actualSeconds), width)
                + F.ratio(actual: kind.actualSeconds * timeScale, planned: Double(kind.plannedSeconds)))
        }
        let plannedSum = Double(kinds.reduce(0) { $0 + $1.plannedSeconds })
        let actualSum = kinds.reduce(0.0) { $0 + $1.actualSeconds }
        lines.append("  " + pad("total (sum of steps)", 36) + pad(F.duration(plannedSum), 11)
            + pad(farmDuration(actualSum), width) + F.ratio(actual: actualSum * timeScale, planned: plannedSum))
        if let compatibilitySeconds {
            lines.append("ZDU compatibility mode: \(farmDuration(compatibilitySeconds))"
                + (stillInCompatibility ? " (still on at the journal's end)" : ""))
        } else {
            lines.append("ZDU compatibility mode: never entered")
        }
        if !gates.isEmpty { lines.append("gates, approvals and wizard steps:") }
        for gate in gates { lines.append("  " + Self.describe(gate, timeScale: timeScale)) }
        if !breaks.isEmpty { lines.append("breaks between runs:") }
        for item in breaks {
            lines.append("  \(item.kind) \(F.clock(item.start)) -> \(F.clock(item.end)) "
                + "(\(F.duration(item.end.map { $0.timeIntervalSince(item.start) })))"
                + (item.reason.isEmpty ? "" : ": \(item.reason)"))
        }
        if !failures.isEmpty { lines.append("failures:") }
        for (step, failure) in failures {
            lines.append("  \(F.clock(failure.time)) \(step.id) attempt \(failure.attempt): \(failure.reason)")
        }
        if !restarts.isEmpty { lines.append("restarted crashed processes:") }
        for restart in restarts {
            lines.append("  \(F.clock(restart.time)) \(restart.process): \(restart.summary)")
        }
        if let rollback {
            lines.append("rollback after \(rollback.cause) (\(rollback.reason)): \(back.count) steps, "
                + "\(F.clock(rollback.start)) -> \(F.clock(rollback.end)), \(rollback.outcome ?? "unfinished")")
        }
        lines += availabilityLines
        lines += warnings.map { "warning: \($0)" }
        return lines
    }

    /// The availability part of the summary, empty without figures.
    var availabilityLines: [String] {
        typealias F = ReportFormat
        guard let figures = availability else { return [] }
        let jobs = figures.jobs
        var lines = [
            "availability (simulator, \(F.duration(figures.simulatedSeconds)) simulated; its durations are "
                + "simulated time):",
            "  jobs: \(jobs.submitted) submitted, \(jobs.completed) completed, \(jobs.delayed) delayed "
                + "(longest \(F.duration(jobs.longestDelaySeconds))), \(jobs.lost) lost",
            "  without a PWP: \(F.duration(figures.secondsWithoutPWP)) (\(figures.takeovers) takeovers)",
        ]
        if let seconds = figures.secondsAnyNetAreaWithoutCP {
            lines.append("  some NetArea without a serving CP/JCP: \(F.duration(seconds))")
        }
        for area in figures.netAreas {
            lines.append("  \(area.name): \(F.duration(area.secondsWithoutReachableActiveCP)) without a reachable serving "
                + "CP/JCP")
        }
        lines.append("  effects: \(figures.effects.applied) applied, \(figures.effects.duplicates) duplicate")
        return lines
    }

    /// One line about a gate or wizard step: how it is passed, when the run reached and passed it; a soak's
    /// length on the farm's clock; for an approval gate the approval, and the wait only when the run paused for
    /// it; for a wizard step when the run stopped for the operator (an action in the AWI, not an approval).
    static func describe(_ gate: GateRecord, timeScale: Double = 1) -> String {
        typealias F = ReportFormat
        var text = "\(gate.id) (\(gate.mode)): "
        guard gate.reached != nil || gate.passed != nil else { return text + "not reached" }
        text += "reached \(F.clock(gate.reached))"
        if gate.kind.isWizardStep {
            if let paused = gate.pausedAt { text += ", stopped for the operator \(F.clock(paused))" }
            text += gate.passed == nil ? ", not observed done" : ", observed done \(F.clock(gate.passed))"
            if gate.pausedAt == nil, gate.passed != nil { text += " (performed before the run reached it)" }
            return text
        }
        if let paused = gate.pausedAt { text += ", paused for approval \(F.clock(paused))" }
        if let approved = gate.approvedAt {
            text += ", approved \(F.clock(approved))" + (gate.approvalNote.map { " (\($0))" } ?? "")
        }
        guard gate.passed != nil else { return text + ", not passed" }
        text += ", passed \(F.clock(gate.passed))"
        if gate.mode.hasPrefix("soak ") {
            text += " after \(F.farmDuration(gate.secondsToPass, timeScale: timeScale))"
        }
        if let wait = gate.approvalWaitSeconds { text += "; waited \(F.duration(wait)) for the approval" }
        return text
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
