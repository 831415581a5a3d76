import ArgumentParser

extension AEUpgrade {
    /// Subcommands, in the order `--help` lists them. Each helper adds its own line.
    static let commands: [any ParsableCommand.Type] = [
        PlanCommand.self, ValidateCommand.self,
        ApplyCommand.self, ResumeCommand.self, RollbackCommand.self, StatusCommand.self,
        ReportCommand.self,
        ApproveCommand.self, JournalCommand.self,
        StateCommand.self,
    ]
}
