import ArgumentParser

/// The `aeupgrade` command: plans, proves and drives a zero-downtime rolling upgrade of an AE system.
@main
struct AEUpgrade: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aeupgrade",
        abstract: "Plan, validate and apply a zero-downtime rolling upgrade of a multi-datacenter AE system.",
        discussion: ExitCodes.helpText,
        subcommands: AEUpgrade.commands
    )
}
