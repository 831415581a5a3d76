/// Builds the `Idempotency-Key` of a step's POST from the plan hash and the step id alone: every attempt, retry
/// and resumed run of a step posts the same key, so a node never starts a step twice while an earlier attempt runs
/// or after one succeeded (a key whose operation failed starts a new one: spec/node-api.yaml).
public enum IdempotencyKey {
    /// `<planHash>:<stepId>`, then `:g<generation>` when the plan is applied again after a finished rollback
    /// (forward steps then run a second time on purpose).
    public static func make(planHash: String, stepId: String, generation: Int = 1) -> String {
        var key = "\(planHash):\(stepId)"
        if generation > 1 { key += ":g\(generation)" }
        return key
    }

    /// `<planHash>:`, the start of every key of the plan's steps, forward and rollback, of every generation.
    public static func planPrefix(_ planHash: String) -> String {
        "\(planHash):"
    }
}
