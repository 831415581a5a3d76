import ArgumentParser
import UpgradeOrchestrator

/// `aeupgrade apply`: Start the upgrade (or continue a paused, stopped or interrupted journal of the same plan).
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Start the upgrade (or continue a paused, stopped or interrupted journal of the same plan).",
        discussion: "A journal that halted, is rolling back or was rolled back is refused (exit 1, naming what "
            + "was found) unless --continue is given: a human decides. resume continues a halted run.\n\n"
            + ExitCodes.helpText)

    @OptionGroup var options: RunOptionsGroup
    @OptionGroup var operatorOptions: OperatorOptionsGroup

    @Flag(name: .customLong("continue"), help: ArgumentHelp(
        "Go on from a journal that halted, is rolling back or was rolled back (after a finished rollback: a new "
            + "attempt from what is observed). Without it apply refuses such a journal."))
    var continueAfterFailure = false

    func run() async throws {
        try await OperatorRun.run(
            .apply, options: options, operator: operatorOptions, continueAfterFailure: continueAfterFailure)
    }
}
