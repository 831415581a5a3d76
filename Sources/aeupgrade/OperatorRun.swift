import ArgumentParser
import Foundation
import Logging
import UpgradeOrchestrator
import UpgradePlan

/// `apply` and `resume` with the operator's options: the window, the event output, logging, and guidance on
/// stderr when the run pauses (what to check, the exact commands to continue).
enum OperatorRun {
    /// Runs `mode` and exits with the code its result means.
    static func run(
        _ mode: RunMode, options group: RunOptionsGroup, operator: OperatorOptionsGroup,
        continueAfterFailure: Bool = false
    ) async throws {
        let level = Logger.Level(rawValue: `operator`.logLevel) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "aeupgrade")
        do {
            let plan = try group.loadPlan(validating: true)
            let client = try group.client(for: plan)
            var options = try group.runOptions
            options.continueAfterFailure = continueAfterFailure
            let limit = `operator`.limit(now: Date())
            if let limit {
                options.windowLeft = limit.left
                options.windowEnd = limit.end
                logger.info("window", metadata: ["left": "\(limit.left)", "end": "\(limit.end)"])
            }
            let printer = EventPrinter(
                mode: EventPrinter.mode(json: `operator`.output == .json), plan: plan, timeScale: group.timeScale,
                logger: logger)
            let backend = options.state ?? FileStateBackend(directory: options.stateDirectory)
            printer.seed(records: (try? await backend.read(system: plan.system))?.records ?? [])
            let poller = printer.mode == .live ? Task { await poll(printer, client: client, plan: plan) } : nil
            let run = UpgradeRun(
                plan: plan, client: client, options: options, clock: ContinuousClock(),
                emit: { printer.emit($0) }, interrupts: RunSupport.signalStream())
            let result: RunResult
            do { result = try await run.execute(mode) } catch {
                poller?.cancel()
                throw CommandFailure(error.description, code: RunSupport.exitCode(error))
            }
            poller?.cancel()
            guidance(result, plan: plan, group: group, opens: limit?.opens)
            throw RunSupport.exitCode(result, mode: mode)
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("error: \(failure.description)\n".utf8))
            throw failure.code
        }
    }

    /// Polls the agents per NetArea for the live display, once a second, until cancelled.
    private static func poll(_ printer: EventPrinter, client: CurlNodeClient, plan: Plan) async {
        while !Task.isCancelled {
            let system = try? await LiveState.systemState(client, topology: plan.topology)
            let agents = system?.netAreas.map { ("\($0.name) \($0.via.rawValue)", $0.agents - $0.disconnected, $0.agents) }
            printer.tick(agents: agents)
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// What to check and the exact commands to continue, on stderr (stdout may be NDJSON).
    static func guidance(_ result: RunResult, plan: Plan, group: RunOptionsGroup, opens: Date?) {
        var lines: [String] = []
        let status = "aeupgrade status \(quote(group.input)) \(group.stateOptions.selection(stateDir: group.stateDir))"
            + (group.endpoints.map { " --endpoints \(quote($0))" } ?? "")
        switch result {
        case .paused(let steps):
            for id in steps {
                let kind = plan.step(id: id)?.kind ?? ReportStep.parse(id: id)?.kind
                if let kind, let instruction = WizardInstruction.text(kind, target: plan.topology.versions.target) {
                    lines.append("\(id) is a wizard step: aeupgrade never performs it and `approve` does not pass it.")
                    lines.append("  " + instruction)
                    lines.append("  then:     \(resumeCommand())")
                    continue
                }
                let dc = id.hasPrefix("gate/") ? String(id.dropFirst(5)) : id
                lines.append("\(id): the datacenters upgraded so far must be healthy before \(dc) is entered; "
                    + "check \(status).")
                lines.append("  approve:  aeupgrade approve \(id) \(quote(group.input)) "
                    + "\(group.stateOptions.selection(stateDir: group.stateDir)) --by \"$USER\" --comment \"...\"")
                lines.append("  continue: \(resumeCommand())")
            }
        case .windowClosed:
            if let opens { lines.append("the window opens next at \(Date.ISO8601FormatStyle(timeZone: .current).format(opens))") }
            lines.append("  continue in the next window: \(resumeCommand())")
        case .stopped:
            lines.append("  continue: \(resumeCommand())")
        case .rolledBack, .halted:
            lines.append("  where the farm stands: \(status)")
        case .done:
            return
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    /// This process's command line with `apply` or `rollback` replaced by `resume` (which continues either walk),
    /// shell-quoted.
    static func resumeCommand(_ arguments: [String] = CommandLine.arguments) -> String {
        var words = Array(arguments.dropFirst())
        if let index = words.firstIndex(where: { $0 == "apply" || $0 == "rollback" }) {
            words[index] = "resume"
            words.removeAll { $0 == "--continue" }  // apply's own flag: resume refuses it
        }
        return (["aeupgrade"] + words.map(quote)).joined(separator: " ")
    }

    /// `text` quoted for a POSIX shell when it needs it.
    static func quote(_ text: String) -> String {
        let safe = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_./:=+,@%"))
        if !text.isEmpty, text.unicodeScalars.allSatisfy(safe.contains) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
