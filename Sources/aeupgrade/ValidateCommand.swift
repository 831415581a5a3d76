import ArgumentParser
import Foundation
import UpgradePlan

/// `aeupgrade validate`: proves a plan safe (a topology is planned first; a plan file is checked as it stands).
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Prove a plan keeps every invariant in every state the executor can reach.",
        discussion: """
            Given a topology (YAML), plans it and validates the plan. Given a plan file (JSON, e.g. one saved with \
            plan --out and edited by hand), validates its steps exactly as they stand, without re-planning. Prints \
            a one-line verdict; an unsafe plan is reported with the shortest step sequence that breaks an \
            invariant and the state there.

            \(ExitCodes.helpText)
            """)

    @Argument(help: "A topology file (YAML) or a plan file (JSON).")
    var file: String

    func run() throws {
        let input: InputFile
        do {
            input = try InputFile.load(path: file)
        } catch {
            CLIOutput.error(error.description)
            throw ExitCodes.error
        }
        let plan: Plan
        switch input {
        case let .plan(saved):
            plan = saved
        case let .topology(topology):
            do {
                plan = try Planner.plan(topology)
            } catch {
                CLIOutput.write("invalid: \(file): \(error.description)\n")
                throw ExitCodes.invalidPlan
            }
        }
        let summary = "plan for \(plan.system), \(plan.steps.count) steps"
        switch Validator.validate(plan) {
        case let .valid(states):
            let critical = Render.clock(CriticalPath.of(plan).seconds)
            CLIOutput.write("valid: \(summary), \(states) states checked, critical path \(critical)\n")
        case let .invalid(violation):
            CLIOutput.write("invalid: \(summary)\n\(violation.description)\n")
            throw ExitCodes.invalidPlan
        }
    }
}
