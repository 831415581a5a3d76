import ArgumentParser

/// The exit codes of every aeupgrade command, as documented in `--help` and the README.
enum ExitCodes {
    /// Done.
    static let done = ExitCode(0)
    /// Error: bad input, or a node unreachable before any change.
    static let error = ExitCode(1)
    /// No valid plan exists, or the plan is invalid.
    static let invalidPlan = ExitCode(3)
    /// A step failed and the upgrade was rolled back.
    static let rolledBack = ExitCode(4)
    /// A step failed and the run halted, or the journal could not be written mid-run; `resume` or `rollback` can
    /// take over.
    static let halted = ExitCode(5)
    /// Usage error (swift-argument-parser's validation failure).
    static let usage = ExitCode(64)
    /// Paused at an approval gate, at a wizard step the operator performs, or at the end of a window; `resume`
    /// continues (after `approve`, or once the wizard step's result is observed).
    static let paused = ExitCode(75)
    /// Interrupted by a signal.
    static let interrupted = ExitCode(130)

    /// The exit code table shown at the end of `aeupgrade --help`; lines stay within the 80 columns the help is
    /// wrapped at (a longer line breaks in the middle of a sentence).
    static let helpText = """
        EXIT CODES:
          0    done
          1    refused or error, nothing changed by this run: bad input, a node
               unreachable before any change, drift, the lock held, apply on a
               halted or rolled-back journal without --continue, a token refused
               over plain http:// (--insecure-token), an unreadable TLS file
          3    no valid plan exists, or the plan is invalid (the counterexample
               is printed)
          4    a step failed and the upgrade was rolled back
          5    a step failed and the run halted, the final check found the farm
               not upgraded (a crashed process), operations still ran when
               resume or rollback had to decide, or the journal could not be
               written mid-run (resume or rollback can take over)
          64   usage error
          75   paused at an approval gate (approve, then resume), at a wizard
               step (perform it in the AWI, then resume), or at the end of a
               window (resume)
          130  interrupted
        """
}
