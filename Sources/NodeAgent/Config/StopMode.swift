/// The `-m` mode `aeupgrade-node` passes to `ucybsmcl -c STOP_PROCESS` (docs/ae-model.md AE-SM-1).
///
/// Only `C` (end the service normally) and `A` (kill it, meant for when a normal stop failed) exist here: mode `S` is
/// a system shutdown that takes the whole AE system down, so a configuration naming it is refused at load.
public enum StopMode: String, Sendable, Equatable, CaseIterable {
    /// End the service normally.
    case normal = "C"
    /// Kill the process (when a normal stop failed).
    case kill = "A"

    /// The mode a configuration value names, or why it is refused.
    public static func parse(_ text: String) -> Result<StopMode, StopModeRefusal> {
        if let mode = StopMode(rawValue: text) { return .success(mode) }
        if text == "S" {
            return .failure(StopModeRefusal(reason:
                "\"S\" is refused: STOP_PROCESS -m S is a system shutdown (the service stops at once and the other "
                    + "services follow, so the whole AE system goes down; docs/ae-model.md AE-SM-1); "
                    + "use C (end normally) or A (kill, when a normal stop failed)"))
        }
        return .failure(StopModeRefusal(reason: "expected C (end normally) or A (kill), got \"\(text)\""))
    }
}

/// Why a configured stop mode cannot be used.
public struct StopModeRefusal: Error, Sendable, Equatable {
    /// What is wrong and what to use instead.
    public var reason: String
}
