import Foundation
import UpgradePlan

extension RunReport {
    /// Folds a journal's records (every run and generation, in order) against the plan they belong to.
    /// Times stay as journaled (the wall clock). `timeScale` is the simulated seconds per real second of the farm
    /// the run used (`--time-scale`, or the simulator's endpoints file; nil: the one the last run journaled, else
    /// 1): the report shows durations on the farm's clock ×timeScale, labelled as simulated time.
    public init(
        plan: Plan, records: [JournalRecord], availability: AvailabilityFigures? = nil, timeScale: Double? = nil
    ) {
        var fold = ReportFold(plan: plan)
        for record in records { fold.apply(record) }
        self = fold.finish(availability: availability)
        let scale = timeScale ?? records.last { $0.event == .runStarted }?.timeScale ?? 1
        self.timeScale = scale > 0 && scale.isFinite ? scale : 1
    }

    /// Parses a journal time stamp (ISO 8601 UTC, with or without milliseconds).
    public static func date(_ text: String) -> Date? {
        let precise = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return (try? precise.parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}

/// The mutable state of folding journal records into a report.
private struct ReportFold {
    let plan: Plan
    let planSteps: [String: Step]
    var steps: [String: ReportStep] = [:]
    var gates: [String: RunReport.GateRecord] = [:]
    var breaks: [RunReport.Break] = []
    var openBreak: RunReport.Break?
    var rollback: RunReport.Rollback?
    var warnings: [String] = []
    var planHash: String?
    var generation = 1
    var runs = 0
    var runOpen = false
    var lastOutcome: String?
    var restarts: [RunReport.Restart] = []
    var first: Date?
    var last: Date?

    init(plan: Plan) {
        self.plan = plan
        planSteps = Dictionary(plan.steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for step in plan.steps where step.kind == .gate || step.kind.isWizardStep {
            let mode = step.kind == .gate ? Self.mode(step.gate) : "wizard step \(step.kind.wizardStepNumber ?? 0)"
            gates[step.id] = RunReport.GateRecord(id: step.id, kind: step.kind, mode: mode)
        }
    }

    static func mode(_ gate: Gate?) -> String {
        switch gate {
        case .soak(let seconds): return "soak \(seconds)s"
        case .approval: return "approval"
        case .some(.none), nil: return "none"
        }
    }

    mutating func apply(_ record: JournalRecord) {
        guard let time = RunReport.date(record.time) else {
            warnings.append("record \(record.event.rawValue) has an unreadable time \"\(record.time)\"; left out")
            return
        }
        if first == nil { first = time }
        defer { last = max(last ?? time, time) }
        let id = record.step ?? ""
        switch record.event {
        case .runStarted:
            runs += 1
            if planHash == nil { planHash = record.planHash }
            generation = record.generation ?? generation
            if runOpen {
                breaks.append(.init(kind: "interrupted", start: last ?? time, end: time,
                    reason: "the run left no end record (killed or crashed)"))
            } else if var open = openBreak {
                open.end = time
                breaks.append(open)
            }
            openBreak = nil
            runOpen = true
            lastOutcome = nil
        case .runFinished:
            runOpen = false
            lastOutcome = record.outcome
            if record.outcome != RunOutcome.done.rawValue, record.outcome != RunOutcome.rolledBack.rawValue {
                openBreak = .init(
                    kind: record.outcome ?? "finished", start: time, end: nil, reason: record.reason ?? "")
            }
        case .stepStarted:
            update(id, record.phase) { step in
                let attempt = record.attempt ?? step.attempts + 1
                if step.start == nil {
                    step.start = time
                } else if attempt > step.attempts {
                    step.retryStarts.append(time)
                }
                step.attempts = max(step.attempts, attempt)
                step.outcome = .unfinished
                step.end = nil
            }
            if gates[id] != nil, gates[id]?.reached == nil { gates[id]?.reached = time }
        case .stepSucceeded, .gatePassed:
            update(id, record.phase) { step in
                step.end = time
                step.outcome = .done
                step.attempts = max(step.attempts, record.attempt ?? 1)
            }
            if gates[id] != nil { gates[id]?.passed = time }
        case .stepFailed:
            update(id, record.phase) { step in
                step.failures.append(.init(time: time, attempt: record.attempt ?? step.attempts,
                    reason: record.reason ?? "failed"))
                step.attempts = max(step.attempts, record.attempt ?? 1)
                step.end = time
                step.outcome = .failed
            }
        case .paused:
            let ids = (record.reason ?? id).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            for paused in ids + [id] where gates[paused] != nil {
                if gates[paused]?.pausedAt == nil { gates[paused]?.pausedAt = time }
                if gates[paused]?.reached == nil { gates[paused]?.reached = time }
            }
        case .approved:
            if gates[id] != nil {
                gates[id]?.approvedAt = time
                gates[id]?.approvalNote = record.reason
            }
        case .rollbackStarted:
            rollback = .init(cause: id, reason: record.reason ?? "", start: time)
        case .rollbackFinished:
            rollback?.end = time
            rollback?.outcome = record.outcome
        case .driftAccepted:
            break
        case .processRestarted:
            restarts.append(.init(time: time, process: record.process ?? "?", number: record.attempt ?? 1,
                summary: record.reason ?? "restarted"))
        }
    }

    /// Applies `change` to the step of the current generation, creating it from the plan (or its id) first.
    private mutating func update(_ id: String, _ phase: RunPhase?, _ change: (inout ReportStep) -> Void) {
        let phase = phase ?? (id.hasPrefix(RollbackPlanner.prefix) ? .rollback : .forward)
        let key = "\(generation)|\(phase.rawValue)|\(id)"
        if steps[key] == nil {
            if phase == .forward, let step = planSteps[id] {
                steps[key] = ReportStep(id: id, kind: step.kind, nodes: step.nodes, phase: phase,
                    generation: generation, estimateSeconds: step.estimateSeconds)
            } else if let parsed = ReportStep.parse(id: id) {
                steps[key] = ReportStep(id: id, kind: parsed.kind, nodes: parsed.nodes, phase: phase,
                    generation: generation)
            } else {
                warnings.append("step \(id) is neither in the plan nor a rollback step; left out")
                return
            }
        }
        change(&steps[key]!)
    }

    func finish(availability: AvailabilityFigures?) -> RunReport {
        var allBreaks = breaks
        if let openBreak { allBreaks.append(openBreak) }
        let ordered = steps.values.sorted { lhs, rhs in
            let left = lhs.start ?? lhs.end ?? .distantFuture
            let right = rhs.start ?? rhs.end ?? .distantFuture
            return left != right ? left < right : (lhs.generation, lhs.id) < (rhs.generation, rhs.id)
        }
        let compatibility = Self.compatibility(ordered, end: last)
        return RunReport(
            system: plan.system, planHash: planHash, outcome: runOpen ? "unfinished" : (lastOutcome ?? "no run"),
            runs: runs, start: first, end: last, steps: ordered,
            gates: plan.steps.compactMap { gates[$0.id] },
            breaks: allBreaks, rollback: rollback, kinds: kindSummaries(ordered),
            plannedCriticalPathSeconds: plan.criticalPathSeconds,
            plannedStepSeconds: plan.steps.reduce(0) { $0 + $1.estimateSeconds },
            compatibilitySeconds: compatibility.seconds, stillInCompatibility: compatibility.open,
            rows: [RunReport.systemRow] + plan.topology.nodes.map(\.name), availability: availability,
            warnings: warnings, restarts: restarts)
    }

    private func kindSummaries(_ ordered: [ReportStep]) -> [RunReport.KindSummary] {
        var kinds: [StepKind] = []
        for step in plan.steps where !kinds.contains(step.kind) { kinds.append(step.kind) }
        let forward = ordered.filter { $0.phase == .forward }
        return kinds.map { kind in
            let planned = plan.steps.filter { $0.kind == kind }
            let measured = forward.filter { $0.kind == kind }
            return RunReport.KindSummary(
                kind: kind, planned: planned.count, plannedSeconds: planned.reduce(0) { $0 + $1.estimateSeconds },
                done: measured.filter { $0.outcome == .done }.count,
                actualSeconds: measured.compactMap(\.seconds).reduce(0, +))
        }
    }

    /// Seconds from zdu.dbload done (compatibility mode on) to zdu.finalize done (or the journal's end); a wizard
    /// rollback does not end compatibility mode (AE-ZDU-7).
    private static func compatibility(_ steps: [ReportStep], end: Date?) -> (seconds: Double?, open: Bool) {
        var marks: [(time: Date, enters: Bool)] = []
        for step in steps where step.outcome == .done {
            guard let time = step.end else { continue }
            if step.kind == .zduDBLoad, step.phase == .forward { marks.append((time, true)) }
            if step.kind == .zduFinalize { marks.append((time, false)) }
        }
        guard marks.contains(where: \.enters) else { return (nil, false) }
        marks.sort { $0.time < $1.time }
        var total = 0.0
        var since: Date?
        for mark in marks {
            if mark.enters, since == nil { since = mark.time }
            if !mark.enters, let began = since {
                total += mark.time.timeIntervalSince(began)
                since = nil
            }
        }
        if let began = since, let end { total += end.timeIntervalSince(began) }
        return (total, since != nil)
    }
}
