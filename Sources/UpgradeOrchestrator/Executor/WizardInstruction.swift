import UpgradePlan

/// What the operator must do in the AWI for a wizard step, and what aeupgrade waits to observe
/// (docs/ae-model.md AE-ZDU-1: the wizard has no API, so aeupgrade never performs its steps).
public enum WizardInstruction {
    /// The instruction for a wizard step kind upgrading to `target`; nil for other kinds.
    public static func text(_ kind: StepKind, target: String) -> String? {
        let wizard = "In the AWI, client 0, System Upgrade wizard: "
        switch kind {
        case .zduDBLoad:
            return wizard + "perform step 2 (DB Load) for version \(target). aeupgrade goes on when it observes "
                + "compatibility mode (ZERO_DOWNTIME_UPGRADE=Y) with target \(target)."
        case .zduSwitch:
            return wizard + "perform step 4 (Upgrade Mode: switch the connections and the PWP to the \(target) "
                + "processes). aeupgrade goes on when it observes ZDU phase switched and the PWP on a \(target) WP."
        case .zduFinalize:
            return wizard + "perform step 5 (Finalize): the base processes stop for good and no rollback is "
                + "possible after it. aeupgrade goes on when it observes ZDU phase finalized."
        case .zduRollback:
            return wizard + "perform the rollback offered in step 4 (Upgrade Mode): the connections and the PWP go "
                + "back to the base processes that still run; compatibility mode stays on. aeupgrade goes on when "
                + "it observes ZDU phase compatibility, rolled back."
        default:
            return nil
        }
    }
}
