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

    /// The key of a health check's restart of a crashed target process: `<planHash>:restart/<process>:run<n>:<k>`,
    /// for the k-th restart of the process in the journal's n-th run. Unique per restart, even when a run was killed
    /// before its restart record was journaled (the next run has another number), and under the plan prefix
    /// (`planPrefix`), so a resumed run waits for it like for any operation of the plan.
    public static func restart(planHash: String, process: String, run: Int, number: Int) -> String {
        "\(planHash):restart/\(process):run\(run):\(number)"
    }

    /// `<planHash>:`, the start of every key of the plan's steps, forward and rollback, of every generation.
    public static func planPrefix(_ planHash: String) -> String {
        "\(planHash):"
    }
}
