import ArgumentParser
import Dispatch
import Foundation
import Synchronization
import UpgradeOrchestrator
import UpgradePlan

/// What apply, resume and rollback share: signals, printing, and mapping results to exit codes.
enum RunSupport {
    /// Runs `mode` and exits with the code its result means.
    static func run(_ mode: RunMode, options group: RunOptionsGroup) async throws {
        do {
            let plan = try group.loadPlan(validating: mode != .rollback)
            let client = try group.client(for: plan)
            let interrupts = signalStream()
            let options = try group.runOptions
            let run = UpgradeRun(
                plan: plan, client: client, options: options, clock: ContinuousClock(),
                emit: { print($0.line) }, interrupts: interrupts)
            let result: RunResult
            do { result = try await run.execute(mode) } catch {
                throw CommandFailure(error.description, code: exitCode(error))
            }
            OperatorRun.guidance(result, plan: plan, group: group, opens: nil)
            throw exitCode(result, mode: mode)
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("error: \(failure.description)\n".utf8))
            throw failure.code
        }
    }

    /// The exit code of a result: 0 done (or a rollback the operator asked for), 4 rolled back after a failure,
    /// 5 halted, 75 paused, 130 stopped.
    static func exitCode(_ result: RunResult, mode: RunMode) -> ExitCode {
        switch result {
        case .done: return ExitCodes.done
        case .rolledBack(let step, _):
            return mode == .rollback || step == RollbackPlanner.operatorCause.step ? ExitCodes.done : ExitCodes.rolledBack
        case .halted: return ExitCodes.halted
        case .paused, .windowClosed: return ExitCodes.paused
        case .stopped: return ExitCodes.interrupted
        }
    }

    /// The exit code of a run error: 5 for a journal write failure after the run record (the farm may have
    /// changed; never 1, which means nothing changed), else 1.
    static func exitCode(_ error: RunError) -> ExitCode {
        if case .journalWrite = error { return ExitCodes.halted }
        return ExitCodes.error
    }

    /// Yields a stop request per signal: SIGINT (Ctrl-C) asks to stop between batches (a second one: as soon as
    /// the steps in flight end), SIGTERM to stop as soon as the steps in flight end.
    static func signalStream() -> AsyncStream<StopRequest> {
        signal(SIGXFSZ, SIG_IGN)  // over a file size limit, a write fails (EFBIG, reported) instead of killing us
        let (stream, continuation) = AsyncStream<StopRequest>.makeStream()
        for (number, request) in [(SIGINT, StopRequest.betweenBatches), (SIGTERM, .soon)] {
            signal(number, SIG_IGN)
            signalSources.withLock { sources in
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                // Signals arriving together are merged (`data` counts them): two SIGINTs are a second Ctrl-C.
                source.setEventHandler { continuation.yield(source.data > 1 ? .soon : request) }
                source.resume()
                sources.append(source)
            }
        }
        return stream
    }
}

/// Keeps the signal sources alive for the life of the process.
private let signalSources = Mutex<[any DispatchSourceSignal]>([])
