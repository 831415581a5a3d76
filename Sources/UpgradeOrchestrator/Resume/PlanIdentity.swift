import UpgradePlan

/// Identifies a plan in journals and idempotency keys.
public enum PlanIdentity {
    /// SHA-256 (hex) of the plan's canonical JSON: the same plan always gives the same hash.
    public static func hash(_ plan: Plan) -> String {
        SHA256.hex(PlanFile.encode(plan))
    }

    /// Why a saved plan is stale, or nil: its topology hash must match its topology and, when given, the
    /// current topology file's.
    public static func staleness(_ plan: Plan, current: Topology? = nil) -> String? {
        let embedded = TopologyHash.of(plan.topology)
        if !plan.topologyHash.isEmpty, plan.topologyHash != embedded {
            return "the plan's topologyHash \(plan.topologyHash.prefix(12))… does not match its topology "
                + "(\(embedded.prefix(12))…): the plan was edited or made from another topology; plan again"
        }
        if let current, TopologyHash.of(current) != embedded {
            return "the plan was made from another topology (\(embedded.prefix(12))…) than the current one "
                + "(\(TopologyHash.of(current).prefix(12))…): plan again"
        }
        return nil
    }
}
