/// Counters of the availability report, accumulated as simulated time passes.
struct FarmStats: Sendable, Equatable {
    var submitted = 0
    var started = 0
    var completed = 0
    var delayed = 0
    var lost = 0
    var longestDelay: Double = 0
    var secondsWithoutPWP: Double = 0
    var secondsAnyNetAreaWithoutCP: Double = 0
    /// Per NetArea: seconds in which some kind of its agents had no reachable serving process.
    var secondsWithoutServing: [Double] = []
    /// Per NetArea and kind (index `netArea * 2 + via`): seconds without a reachable serving process.
    var secondsWithoutServingByKind: [Double] = []
    var takeovers = 0
}
