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
    var secondsWithoutReachableCP: [Double] = []
    var takeovers = 0
    var autoActivations = 0
}
