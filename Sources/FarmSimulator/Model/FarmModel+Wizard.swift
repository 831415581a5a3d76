import NodeContract

/// The AWI System Upgrade wizard's steps, as the operator performs them (docs/ae-model.md AE-ZDU-1): the simulator
/// takes them on its admin endpoint and applies them at once; refusals are 409/422 problems naming the fact.
extension FarmModel {
    /// Performs a wizard step and returns the ZDU state after it, or the problem it is refused with.
    public mutating func perform(_ step: WizardStep) -> Result<ZDUState, Problem> {
        let problem: Problem? = switch step {
        case .dbLoad(let version): dbLoad(version)
        case .switchOver: switchOver()
        case .finalize: finalizeStep()
        case .rollback: rollback()
        }
        if let problem { return .failure(problem) }
        refreshConnectivity()
        return .success(zdu)
    }

    /// Step 2, DB load: compatibility mode with `version` as target (AE-ZDU-2).
    mutating func dbLoad(_ version: String) -> Problem? {
        guard !version.isEmpty, version != zdu.base else {
            return Problem.unprocessable("zdu/dbload needs a \"version\" other than the base \(zdu.base)")
        }
        guard zdu.phase == .off else {
            return Problem.conflict("ZDU is \(zdu.phase.rawValue) (target \(zdu.target ?? "-")), not off: the DB "
                + "was loaded already; the database is never downgraded (docs/ae-model.md AE-ZDU-2, AE-ZDU-7)")
        }
        zdu.phase = .compatibility
        zdu.target = version
        connectivityDirty = true
        return nil
    }

    /// Step 4, the switch: the PWP moves to a target WP without a gap, target CPs/JCPs serve and base ones rank
    /// 9999, so agents on base processes move to target ones after `agentsReconnect` (AE-ZDU-4, KB 259197).
    mutating func switchOver() -> Problem? {
        guard zdu.phase == .compatibility else {
            return Problem.conflict("ZDU is \(zdu.phase.rawValue): the switch (wizard step 4) follows compatibility "
                + "mode only (docs/ae-model.md AE-ZDU-4)")
        }
        guard earliestRunningWP(.target) != nil else {
            return Problem.conflict("no target WP runs to take the PWP: start target processes (target/start) "
                + "before the switch (docs/ae-model.md AE-ZDU-3, AE-ZDU-4)")
        }
        zdu.phase = .switched
        zdu.rolledBack = nil
        movePWP(to: .target)
        connectivityDirty = true
        return nil
    }

    /// Step 5, finalize: refused while jobs started on base WPs still run (AE-ZDU-8); every base process stops for
    /// good and rollback is gone (AE-ZDU-5).
    mutating func finalizeStep() -> Problem? {
        guard zdu.phase == .switched else {
            return Problem.conflict("ZDU is \(zdu.phase.rawValue): finalize (wizard step 5) follows the switch "
                + "only (docs/ae-model.md AE-ZDU-5)")
        }
        let running = baseJobsRunning
        guard running == 0 else {
            return Problem.conflict("\(running) jobs started on base WPs still run; finalize waits until they end "
                + "(docs/ae-model.md AE-ZDU-8, KB 210821)")
        }
        zdu.phase = .finalized
        for node in nodes.indices {
            stopProcesses(node, .base) { _ in true }
            nodes[node].drainDeadline = nil
        }
        afterProcessesChanged()
        return nil
    }

    /// The rollback of step 4: compatibility mode stays on (`rolledBack`), the PWP goes back to a running base WP
    /// and agents back to base processes; stopped base processes stay stopped (AE-ZDU-7, ASSUMED-3, AE-ZDU-6).
    mutating func rollback() -> Problem? {
        guard zdu.phase == .switched else {
            let why = zdu.phase == .finalized
                ? "ZDU was finalized\(autoFinalized ? " (by itself: every base process stopped)" : ""); there is no "
                    + "way back (docs/ae-model.md AE-ZDU-5, AE-ZDU-6)"
                : "ZDU is \(zdu.phase.rawValue): rollback is offered only after the switch (docs/ae-model.md AE-ZDU-4)"
            return Problem.conflict(why)
        }
        guard earliestRunningWP(.base) != nil else {
            return Problem.conflict("no base WP runs to take the PWP back; stopped base processes cannot start "
                + "again (docs/ae-model.md AE-ZDU-6, ASSUMED-3)")
        }
        zdu.phase = .compatibility
        zdu.rolledBack = true
        movePWP(to: .base)
        connectivityDirty = true
        return nil
    }

    /// AE-ZDU-6: when every base process has stopped in compatibility mode or after the switch, ZDU finalizes by
    /// itself and rollback is gone.
    mutating func finalizeIfBaseGone() {
        guard zdu.phase == .compatibility || zdu.phase == .switched else { return }
        guard !nodes.contains(where: { $0.anyUp(.base) }) else { return }
        zdu.phase = .finalized
        autoFinalized = true
        connectivityDirty = true
    }
}
