import ArgumentParser
import Foundation
import UpgradeOrchestrator

/// `aeupgrade status`: progress from the journal plus the farm's live state.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show done/running/pending steps from the journal, and the PWP, agents, ZDU phase and versions live.")

    @OptionGroup var options: RunOptionsGroup

    func run() async throws {
        do {
            let plan = try options.loadPlan()
            let backend = try options.stateOptions.backend(stateDir: options.stateDir)
            let path = backend.location(system: plan.system)
            let read: JournalRead
            do { read = try await backend.read(system: plan.system) } catch { throw CommandFailure(error.description) }
            for warning in read.warnings { print("warning: \(warning)") }
            let client = try options.client(for: plan)
            let live = try? await LiveState.fetch(client, topology: plan.topology)
            let lines = StatusReport.lines(
                plan: plan, journal: JournalState(records: read.records), journalPath: path, live: live)
            for line in lines { print(line) }
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("error: \(failure.description)\n".utf8))
            throw failure.code
        }
    }
}
