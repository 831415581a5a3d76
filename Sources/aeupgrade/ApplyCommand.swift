import ArgumentParser
import UpgradeOrchestrator

/// `aeupgrade apply`: Start the upgrade (or continue an unfinished journal of the same plan).
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Start the upgrade (or continue an unfinished journal of the same plan).",
        discussion: ExitCodes.helpText)

    @OptionGroup var options: RunOptionsGroup

    func run() async throws {
        try await RunSupport.run(.apply, options: options)
    }
}
