import NodeContract

extension UpgradeRun {
    /// Whether the run checks the farm against the plan before its first step (`checkStart`, the first apply's
    /// check): neither a rollback nor a resume of steps ever started. A refusal there comes before any change.
    static func checksStart(_ mode: RunMode, _ state: JournalState, resumed: Bool) -> Bool {
        mode != .rollback && !state.rollbackStarted && !resumed
    }

    /// A run refused by its start check (drift, a node unreachable: the first apply's check) changed nothing, and
    /// its journal shows no step ever started: it releases the nodes it claimed in this invocation, so the farm is
    /// not left claimed by a run that never ran (only `--take-over-farm` would free it otherwise). Not after a
    /// takeover: the farm was held by another state's unfinished run, and released it would let that run's state
    /// claim it again. Failures are warned about.
    func releaseAfterRefusal(_ error: RunError, claim: FarmClaim.Claim, token: FencingToken) async {
        switch error {
        case .drift, .node: break
        default: return
        }
        guard !options.takeOverFarm, !claim.claimed.isEmpty else { return }
        for failure in await FarmClaim.release(client, nodes: claim.claimed, token: token) {
            await emit(.warning("the farm's claim was not released after the refusal: \(failure); that node refuses "
                + "other states' runs until this state runs again or one claims the farm with --take-over-farm"))
        }
    }

    /// A run that ends in an error after its run record without having ended its journal (a refusal before any
    /// change: every node unreachable, say) ends it with a `refused` record and a `run.finished` event, so neither
    /// `status` nor an NDJSON reader takes it for a run that was killed. A failed write is left unreported: the
    /// error being thrown says what went wrong.
    func endRefused(_ journal: Journal, _ error: RunError) async {
        guard journal.records.last?.event != .runFinished else { return }
        try? await finish(journal, .refused, error.description)
    }

    /// A node the farm's claim could not reach refused the run's late claim (`FarmClaim.claimLate`): the run
    /// halts where it stands, with no fallback (another run drives that node: a fallback would be a second
    /// orchestrator's change). Nil when no late claim was refused.
    func haltOnLateRefusal(_ journal: Journal, failedStep: String) async throws(RunError) -> RunResult? {
        guard let refusal = FarmClaim.lateRefusal(client) else { return nil }
        let detail = "node \(refusal.node) refused this run's claim of the farm (asked before the run's first change "
            + "to it, since it was down when the run started): \(refusal.detail); nothing was sent to "
            + "\(refusal.node) and no fallback was started. Find out which run drives it (aeupgrade status, GET "
            + "/v1/fence on \(refusal.node)); resume from this state once that is settled"
        await failureHook(failedStep, detail)
        try await finish(journal, .halted, detail)
        return .halted(failedStep: failedStep, reason: detail)
    }
}
