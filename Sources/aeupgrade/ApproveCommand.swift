import ArgumentParser
import Foundation
import UpgradeOrchestrator
import UpgradePlan

/// `aeupgrade approve`: records an operator's approval of an approval gate in the journal. Wizard steps are not
/// approved: the operator performs them in the AWI and the run observes their result.
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve an approval gate (gate/DC); `resume` then continues past it. Wizard steps are performed in "
            + "the AWI, not approved.",
        discussion: ExitCodes.helpText)

    @Argument(help: "The step to approve: an approval gate (gate/DC1).")
    var step: String

    @Argument(help: "The topology file or saved plan the run uses.")
    var input: String

    @Option(name: .long, help: "Directory of the journal and the lock.")
    var stateDir: String = ".aeupgrade"

    @OptionGroup var stateOptions: StateOptionsGroup

    @Option(name: .long, help: ArgumentHelp(
        "The run's endpoints file. Approving reads no node: it is only repeated in the resume command printed.",
        valueName: "file"))
    var endpoints: String?

    @Option(name: .long, help: "Who approves (journaled; shown in the report).")
    var by: String?

    @Option(name: .long, help: "Why, or what was checked (journaled; shown in the report).")
    var comment: String?

    /// The resume command for this run, as far as approve knows its options.
    private var resumeCommand: String {
        "aeupgrade resume \(OperatorRun.quote(input)) \(stateOptions.selection(stateDir: stateDir))"
            + (endpoints.map { " --endpoints \(OperatorRun.quote($0))" } ?? "")
    }

    func run() async throws {
        do {
            let group = try RunOptionsGroup.parse([input, "--state-dir", stateDir])
            let plan = try group.loadPlan()
            let approvable = plan.steps.filter { $0.kind == .gate && $0.gate == .approval }.map(\.id)
            let kind = plan.step(id: step)?.kind ?? ReportStep.parse(id: step)?.kind
            if let kind, let instruction = WizardInstruction.text(kind, target: plan.topology.versions.target) {
                throw CommandFailure("\(step) is a wizard step: it is not approved but performed by the operator, "
                    + "and the run goes on only when it observes the result. \(instruction) Then: \(resumeCommand)")
            }
            guard approvable.contains(step) else {
                let known = approvable.isEmpty ? "none (the policy's gateBetweenDCs is not an approval)"
                    : approvable.joined(separator: ", ")
                throw CommandFailure("\(step): not a step that needs approval in this plan; known: \(known)")
            }
            let planHash = PlanIdentity.hash(plan)
            let backend = try stateOptions.backend(stateDir: stateDir)
            do throws(JournalError) {
                let lock = try await backend.lock(system: plan.system, purpose: "approve")
                do throws(JournalError) {
                    let journal = try await lock.journal(after: try await lock.read())
                    let state = JournalState(records: journal.records)
                    if let hash = state.planHash, hash != planHash {
                        throw JournalError.otherPlan(path: lock.location, journalPlanHash: hash, planHash: planHash)
                    }
                    if state.done.contains(step) {
                        await lock.release()
                        print("\(step) is already done; nothing to approve")
                        return
                    }
                    // The record names the plan: on an empty journal it binds the journal to this plan, so the
                    // approval can never pass the gate of another plan.
                    let note = [by.map { "by \($0)" }, comment].compactMap { $0 }.joined(separator: ": ")
                    try journal.append(JournalRecord(
                        event: .approved, time: Journal.timestamp(), planHash: planHash, step: step,
                        reason: note.isEmpty ? nil : note, by: by, comment: comment))
                } catch {
                    await lock.release()
                    throw error
                }
                await lock.release()
            } catch {
                throw CommandFailure(error.description)
            }
            print("approved \(step)\(by.map { " by \($0)" } ?? ""); continue with: \(resumeCommand) (with the run's "
                + "other options, such as --window)")
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("error: \(failure.description)\n".utf8))
            throw failure.code
        }
    }
}
