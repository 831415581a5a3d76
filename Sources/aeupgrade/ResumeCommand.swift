import ArgumentParser
import UpgradeOrchestrator

/// `aeupgrade resume`: Continue an interrupted, halted or paused upgrade from its journal.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue an interrupted, halted or paused upgrade from its journal.",
        discussion: ExitCodes.helpText)

    @OptionGroup var options: RunOptionsGroup
    @OptionGroup var operatorOptions: OperatorOptionsGroup

    func run() async throws {
        try await OperatorRun.run(.resume, options: options, operator: operatorOptions)
    }
}
