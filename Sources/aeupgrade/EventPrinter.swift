import Foundation
import Logging
import Synchronization
import UpgradeOrchestrator
import UpgradePlan

/// Renders a run's events on stdout: NDJSON (`--output json`), one plain line per event (not a terminal, or
/// TERM=dumb), or a live display redrawn in place with ANSI codes (a terminal). Diagnostics go to the logger.
final class EventPrinter: Sendable {
    /// How events are shown.
    enum Mode: Sendable, Equatable {
        case json, plain, live
    }

    let mode: Mode
    let plan: Plan
    let logger: Logger
    private let display: Mutex<(progress: LiveProgress, height: Int)>

    init(mode: Mode, plan: Plan, timeScale: Double, logger: Logger) {
        self.mode = mode
        self.plan = plan
        self.logger = logger
        display = Mutex((LiveProgress(plan: plan, timeScale: timeScale), 0))
    }

    /// The mode for `--output` on this stdout: json, else live on a terminal unless TERM is dumb, else plain.
    static func mode(json: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Mode {
        if json { return .json }
        let term = environment["TERM"] ?? ""
        return isatty(STDOUT_FILENO) == 1 && !term.isEmpty && term != "dumb" ? .live : .plain
    }

    /// Starts the live display from an unfinished journal's records (resume); no effect in the other modes.
    func seed(records: [JournalRecord]) {
        guard mode == .live else { return }
        display.withLock { $0.progress.seed(records: records) }
    }

    /// Shows one event.
    func emit(_ event: RunEvent) {
        logger.debug("event", metadata: ["line": "\(event.line)"])
        switch mode {
        case .json:
            write(EventJSON(event, plan: plan).line + "\n")
        case .plain:
            write(event.line + "\n")
        case .live:
            let now = Date()
            display.withLock { state in
                state.progress.apply(event, at: now)
                var text = Self.erase(state.height)
                if Self.isLasting(event) { text += event.line + "\n" }
                let lines = state.progress.lines(now: now)
                state.height = lines.count
                write(text + lines.joined(separator: "\n") + "\n")
            }
        }
    }

    /// Redraws the live display (elapsed times move on); no effect in the other modes.
    func tick(agents: [(name: String, connected: Int, total: Int)]? = nil) {
        guard mode == .live else { return }
        display.withLock { state in
            if let agents { state.progress.agents = agents }
            let lines = state.progress.lines(now: Date())
            let text = Self.erase(state.height) + lines.joined(separator: "\n") + "\n"
            state.height = lines.count
            write(text)
        }
    }

    /// Events that stay on screen above the live display.
    private static func isLasting(_ event: RunEvent) -> Bool {
        switch event {
        case .stepStarted, .stepSucceeded, .soaking: return false
        default: return true
        }
    }

    /// Moves the cursor to the start of the previous display and clears to the end of the screen.
    private static func erase(_ height: Int) -> String {
        height > 0 ? "\u{1B}[\(height)A\r\u{1B}[J" : ""
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
