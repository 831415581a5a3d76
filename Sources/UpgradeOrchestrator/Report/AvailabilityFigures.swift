import Foundation

/// The numbers of the simulator's availability report (`GET <admin>/report`, `aeupgrade-sim --report-out`) that the
/// run report shows. Decoded from its JSON without depending on the simulator: unknown fields are ignored.
public struct AvailabilityFigures: Sendable, Equatable, Decodable {
    /// Job counters.
    public struct Jobs: Sendable, Equatable, Decodable {
        /// Jobs agents submitted.
        public var submitted: Int
        /// Jobs that ran to the end.
        public var completed: Int
        /// Jobs that had to wait before they started.
        public var delayed: Int
        /// Jobs lost.
        public var lost: Int
        /// Longest wait of a delayed job, in simulated seconds.
        public var longestDelaySeconds: Double
    }

    /// Outage figure of one NetArea.
    public struct NetArea: Sendable, Equatable, Decodable {
        /// NetArea name.
        public var name: String
        /// Simulated seconds some of its agents had no reachable serving CP/JCP of their kind (own or fallback).
        public var secondsWithoutReachableActiveCP: Double
    }

    /// Effects applied per idempotency key.
    public struct Effects: Sendable, Equatable, Decodable {
        /// Effects applied in total.
        public var applied: Int
        /// Effects applied more than once for one key (should be 0).
        public var duplicates: Int
    }

    /// System name.
    public var system: String
    /// Simulated seconds since the farm started.
    public var simulatedSeconds: Double
    /// Job counters.
    public var jobs: Jobs
    /// Simulated seconds without a PWP.
    public var secondsWithoutPWP: Double
    /// Simulated seconds in which some NetArea's agents had no reachable serving CP/JCP of their kind (absent in
    /// reports of older simulators).
    public var secondsAnyNetAreaWithoutCP: Double?
    /// PWP takeovers (a gap after a PWP stopped).
    public var takeovers: Int
    /// Per NetArea, sorted by name.
    public var netAreas: [NetArea]
    /// Idempotent effects.
    public var effects: Effects

    /// Decodes the report's JSON; `source` (file or URL) is named in the error.
    public static func decode(_ data: Data, source: String) throws(ReportError) -> AvailabilityFigures {
        do {
            var figures = try JSONDecoder().decode(AvailabilityFigures.self, from: data)
            figures.netAreas.sort { $0.name < $1.name }
            return figures
        } catch let error as DecodingError {
            throw .availability(source: source, message: Self.explain(error))
        } catch {
            throw .availability(source: source, message: "\(error)")
        }
    }

    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? "" : "\(text): "
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context))missing field \"\(key.stringValue)\" (not a simulator availability report?)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context))\(context.debugDescription)"
        case .dataCorrupted(let context):
            return "\(path(context))not JSON: \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
