/// The shell's mapping of real time onto simulated time: simulated now = real seconds since start × scale + the
/// seconds callers jumped ahead (`offset`). A scale of 0 is the manual clock: only the offset moves.
struct FarmClock: Sendable {
    /// When the farm started.
    let started: ContinuousClock.Instant
    /// Simulated seconds per real second; 0 with a manual clock.
    let scale: Double

    /// Simulated seconds now, given the seconds jumped ahead.
    func simulatedNow(offset: Double) -> Double {
        guard scale > 0 else { return offset }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return seconds * scale + offset
    }
}
