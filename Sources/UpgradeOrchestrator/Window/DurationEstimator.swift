import Foundation
import UpgradePlan

/// Estimated step durations in real time: the plan's estimate divided by the time scale, refined by the ratio
/// actual/planned measured per step kind (earlier runs in the journal, then this run's own steps). Pure.
public struct DurationEstimator: Sendable, Equatable {
    /// Measured seconds and planned seconds per step kind.
    public private(set) var measured: [StepKind: Sample]
    /// Divides planned seconds when nothing was measured yet.
    public let timeScale: Double

    /// Actual and planned seconds summed over measured steps.
    public struct Sample: Sendable, Equatable {
        /// Seconds the steps took.
        public var actual: Double
        /// Seconds the plan estimated for them.
        public var planned: Double
    }

    /// Creates an estimator seeded with `measured` samples.
    public init(timeScale: Double, measured: [StepKind: Sample] = [:]) {
        self.timeScale = timeScale > 0 ? timeScale : 1
        self.measured = measured
    }

    /// Records that a step estimated at `plannedSeconds` took `actual`.
    public mutating func record(_ kind: StepKind, plannedSeconds: Int, actual: Duration) {
        guard plannedSeconds > 0 else { return }
        let seconds = Double(actual.components.seconds) + Double(actual.components.attoseconds) / 1e18
        measured[kind, default: Sample(actual: 0, planned: 0)].actual += max(0, seconds)
        measured[kind, default: Sample(actual: 0, planned: 0)].planned += Double(plannedSeconds)
    }

    /// Real seconds per planned second for `kind`: measured for the kind, else over all kinds, else 1/timeScale.
    public func ratio(_ kind: StepKind) -> Double {
        if let sample = measured[kind], sample.planned > 0 { return sample.actual / sample.planned }
        let all = measured.values.reduce(Sample(actual: 0, planned: 0)) {
            Sample(actual: $0.actual + $1.actual, planned: $0.planned + $1.planned)
        }
        return all.planned > 0 ? all.actual / all.planned : 1 / timeScale
    }

    /// The estimated real duration of `step`.
    public func estimate(_ step: Step) -> Duration {
        .milliseconds(Int((Double(step.estimateSeconds) * ratio(step.kind) * 1000).rounded(.up)))
    }

    /// The longest path through `steps` (a sub-DAG, in plan order) by estimated duration.
    public func criticalPath(_ steps: [Step]) -> Duration {
        var finish: [String: Duration] = [:]
        var longest = Duration.zero
        for step in steps {
            let start = step.dependsOn.compactMap { finish[$0] }.max() ?? .zero
            let end = start + estimate(step)
            finish[step.id] = end
            longest = max(longest, end)
        }
        return longest
    }

    /// Samples measured in a journal's forward steps (attempt start to success), for seeding a resumed run.
    public static func samples(records: [JournalRecord], steps: [Step]) -> [StepKind: Sample] {
        let byId = Dictionary(steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var started: [String: Date] = [:]
        var samples: [StepKind: Sample] = [:]
        for record in records where record.phase == .forward {
            guard let id = record.step, let step = byId[id], let time = RunReport.date(record.time) else { continue }
            switch record.event {
            case .stepStarted:
                started[id] = time
            case .stepSucceeded, .gatePassed:
                guard let begin = started.removeValue(forKey: id), step.estimateSeconds > 0,
                    record.reason == nil
                else { continue }
                samples[step.kind, default: Sample(actual: 0, planned: 0)].actual += time.timeIntervalSince(begin)
                samples[step.kind, default: Sample(actual: 0, planned: 0)].planned += Double(step.estimateSeconds)
            default:
                continue
            }
        }
        return samples
    }
}
