import ArgumentParser
import Foundation
import UpgradeOrchestrator

/// `aeupgrade journal`: checks and repairs the journal of a system (see docs/apply.md, "A damaged journal").
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Verify the journal's hash chain, or cut it after its last good record (keeping a backup).",
        subcommands: [JournalVerifyCommand.self, JournalRepairCommand.self])
}

/// The input and state directory that locate a system's journal.
struct JournalLocation: ParsableArguments {
    @Argument(help: "The topology file or saved plan the run uses (it names the system).")
    var input: String

    @Option(name: .long, help: "Directory of the journal.")
    var stateDir: String = ".aeupgrade"

    /// The journal's path (the plan is made or read only for its system name).
    func journalPath() throws -> String {
        let plan = try RunOptionsGroup.parse([input, "--state-dir", stateDir]).loadPlan()
        return UpgradeRun<ContinuousClock>.journalPath(stateDirectory: stateDir, system: plan.system)
    }
}

/// `aeupgrade journal verify`: reads the whole journal and checks every line's `seq` and `prev`.
struct JournalVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that no journal line is missing, reordered, edited or foreign (exit 1 names the first bad line).")

    @OptionGroup var location: JournalLocation

    func run() throws {
        try CommandFailure.reporting {
            let path = try location.journalPath()
            guard FileManager.default.fileExists(atPath: path) else {
                throw CommandFailure("\(path): no journal (check --state-dir; nothing has been applied there)")
            }
            let read: JournalRead
            do throws(JournalError) { read = try Journal.read(path: path) } catch { throw CommandFailure(error.description) }
            for warning in read.warnings { print("warning: \(warning)") }
            print("\(path): \(read.records.count) records, chain intact")
        }
    }
}

/// `aeupgrade journal repair --truncate-after N`: keeps records 1…N, after a backup of the whole file.
struct JournalRepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Keep the journal's first N records and cut the rest, after copying the file to a backup beside it.")

    @OptionGroup var location: JournalLocation

    @Option(name: .long, help: "Records to keep: the last good record's number (journal verify names the first bad line).")
    var truncateAfter: Int

    func validate() throws {
        if truncateAfter < 0 { throw ValidationError("--truncate-after must be 0 or more") }
    }

    func run() throws {
        try CommandFailure.reporting {
            let path = try location.journalPath()
            guard FileManager.default.fileExists(atPath: path) else {
                throw CommandFailure("\(path): no journal to repair (check --state-dir)")
            }
            let outcome: JournalRepair.Outcome
            do throws(JournalError) {
                let lock = try RunLock(journal: path)
                defer { withExtendedLifetime(lock) {} }
                outcome = try JournalRepair.truncate(path: path, after: truncateAfter)
            } catch {
                throw CommandFailure(error.description)
            }
            print("\(path): kept records 1–\(outcome.kept), cut \(outcome.removedBytes) bytes after them")
            print("backup of the journal as it was: \(outcome.backup)")
            print("next: aeupgrade status \(OperatorRun.quote(location.input)) --state-dir "
                + "\(OperatorRun.quote(location.stateDir)), then resume; steps whose records were cut are observed "
                + "again on the nodes, and differences are reported as drift")
        }
    }
}
