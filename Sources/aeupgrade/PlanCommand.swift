import ArgumentParser
import Foundation
import UpgradePlan

/// `aeupgrade plan`: plans the upgrade of a topology, proves it with the validator, and prints or saves it.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan the rolling upgrade of a topology and print it (text, json, dot or mermaid).",
        discussion: """
            The plan is checked by the validator before it is printed; a plan that breaks an invariant is never \
            printed. --out saves the plan file (JSON, with the topology and its hash) for validate and apply.

            \(ExitCodes.helpText)
            """)

    @Argument(help: "The topology file (YAML), e.g. plans/seed-phase1.yaml.")
    var topology: String

    @Option(help: "Output format.")
    var format: Render.Format = .text

    @Option(help: ArgumentHelp("Also save the plan file (JSON) to this path.", valueName: "plan.json"))
    var out: String?

    func run() throws {
        let loaded: Topology
        do {
            guard case let .topology(read) = try InputFile.load(path: topology) else {
                CLIOutput.error("\(topology) is a plan file, not a topology: check it with aeupgrade validate "
                    + "\(topology), or plan the topology file it was made from")
                throw ExitCodes.error
            }
            loaded = read
        } catch let error as TopologyError {
            CLIOutput.error(error.description)
            throw ExitCodes.error
        }
        var plan: Plan
        do {
            plan = try Planner.plan(loaded)
        } catch {
            CLIOutput.error("\(topology): \(error.description)")
            throw ExitCodes.invalidPlan
        }
        if plan.topologyHash.isEmpty { plan.topologyHash = TopologyHash.of(plan.topology) }
        let verdict = Validator.validate(plan)
        if let violation = verdict.violation {
            CLIOutput.error("\(topology): the planned upgrade is not safe:\n\(violation.description)")
            throw ExitCodes.invalidPlan
        }
        if let out {
            do {
                try PlanFile.encode(plan).write(toFile: out, atomically: true, encoding: .utf8)
            } catch {
                CLIOutput.error("cannot write the plan file \(out): \(error.localizedDescription)")
                throw ExitCodes.error
            }
        }
        var output = Render.render(plan, as: format)
        if format == .text, case let .valid(states) = verdict {
            output += "Validated: every invariant holds in all \(states) states checked.\n"
        }
        CLIOutput.write(output)
    }
}

extension Render.Format: ExpressibleByArgument {}

/// Writing to stdout and stderr without buffering surprises.
enum CLIOutput {
    /// Writes text to stdout as it is.
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes a message to stderr, ending it with a newline.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
