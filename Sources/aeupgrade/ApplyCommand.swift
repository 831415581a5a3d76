import ArgumentParser
import UpgradeOrchestrator

/// `aeupgrade apply`: Start the upgrade (or continue an unfinished journal of the same plan).
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Start the upgrade (or continue an unfinished journal of the same plan).",
        discussion: ExitCodes.helpText)

    @OptionGroup var options: RunOptionsGroup
    @OptionGroup var operatorOptions: OperatorOptionsGroup

    func run() async throws {
        try await OperatorRun.run(.apply, options: options, operator: operatorOptions)
    }
}
