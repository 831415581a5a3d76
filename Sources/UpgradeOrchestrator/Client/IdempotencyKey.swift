/// Builds the `Idempotency-Key` of a step's POST: the same inputs always give the same key, so a retried or
/// resumed POST can never double an effect.
public enum IdempotencyKey {
    /// `<planHash>:<stepId>`, then `:<action>` for steps issuing several POSTs, `:a<attempt>` for attempts after
    /// the first, and `:g<generation>` when the plan is applied again after a finished rollback.
    public static func make(
        planHash: String, stepId: String, action: String? = nil, attempt: Int = 1, generation: Int = 1
    ) -> String {
        var key = "\(planHash):\(stepId)"
        if let action { key += ":\(action)" }
        if attempt > 1 { key += ":a\(attempt)" }
        if generation > 1 { key += ":g\(generation)" }
        return key
    }
}
