/// Invariant 7: the version pair is a path ZDU supports (docs/ae-model.md AE-ZDU-10), or one the operator confirmed.
enum PathCheck {
    /// Throws `PlanError.unsupportedPath` unless the topology's versions are a supported (or confirmed) ZDU path.
    static func check(_ topology: Topology) throws(PlanError) {
        let versions = topology.versions
        guard let base = AEVersion(versions.base), let target = AEVersion(versions.target) else {
            throw .unsupportedPath(base: versions.base, target: versions.target,
                reason: "not AE version numbers (write \(AEVersion.form))", source: nil)
        }
        guard let row = ZDUPathTable.row(base: base, target: target) else {
            if topology.policy.zduPathConfirmed { return }
            throw .unsupportedPath(base: versions.base, target: versions.target,
                reason: "no AE page found says ZDU supports it; if Broadcom confirms it for your systems, set "
                    + "policy.zduPathConfirmed: true", source: nil)
        }
        switch row.verdict {
        case .supported:
            return
        case .refused:
            throw .unsupportedPath(base: versions.base, target: versions.target,
                reason: "\(row.reason) [rule: \(row.rule)]", source: row.source)
        case .unknown:
            if topology.policy.zduPathConfirmed { return }
            throw .unsupportedPath(base: versions.base, target: versions.target,
                reason: "\(row.reason); if Broadcom confirms it, set policy.zduPathConfirmed: true", source: row.source)
        }
    }

    /// Whether the pair passed only because the operator confirmed it.
    static func confirmedByOperator(_ topology: Topology) -> Bool {
        guard let base = AEVersion(topology.versions.base), let target = AEVersion(topology.versions.target) else {
            return false
        }
        let row = ZDUPathTable.row(base: base, target: target)
        return topology.policy.zduPathConfirmed && (row == nil || row?.verdict == .unknown)
    }
}
