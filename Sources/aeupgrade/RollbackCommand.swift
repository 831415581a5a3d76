import ArgumentParser
import UpgradeOrchestrator

/// `aeupgrade rollback`: Roll back what the journal says was done (refused after zdu.finalize).
struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Roll back what the journal says was done (refused after zdu.finalize).",
        discussion: ExitCodes.helpText)

    @OptionGroup var options: RunOptionsGroup

    func run() async throws {
        try await RunSupport.run(.rollback, options: options)
    }
}
