import ArgumentParser
import Foundation
import UpgradeOrchestrator
import UpgradePlan

/// Options of every command that talks to the nodes: what may be sent where, and the site's scripted wizard steps.
struct NodeAccessOptions: ParsableArguments {
    @Flag(name: .long, help: ArgumentHelp(
        "Send the bearer token over plain http:// to non-loopback nodes too (clear text on the network; without it "
            + "such a run is refused before any request)."))
    var insecureToken = false

    @Option(name: .long, help: ArgumentHelp(
        "A wizard step this site has scripted, as <step>=<command> (zdu.dbload, zdu.switch, zdu.finalize or "
            + "zdu.rollback; repeatable). The run executes the command with /bin/sh -c on this host instead of "
            + "stopping for the operator, then still observes the step's result on the farm.",
        valueName: "step=command"))
    var wizardCommand: [String] = []

    func validate() throws {
        _ = try wizardCommands()
    }

    /// `--wizard-command` by step kind; a malformed one, or a step that is not a wizard step, is a usage error.
    func wizardCommands() throws -> [StepKind: String] {
        var commands: [StepKind: String] = [:]
        for entry in wizardCommand {
            guard let equals = entry.firstIndex(of: "="), let kind = StepKind(rawValue: String(entry[..<equals])),
                kind.isWizardStep, !entry[entry.index(after: equals)...].trimmingCharacters(in: .whitespaces).isEmpty
            else {
                throw ValidationError("--wizard-command \(entry): expected <step>=<command> with a step among "
                    + "zdu.dbload, zdu.switch, zdu.finalize, zdu.rollback")
            }
            guard commands[kind] == nil else { throw ValidationError("--wizard-command: \(kind.rawValue) given twice") }
            commands[kind] = String(entry[entry.index(after: equals)...])
        }
        return commands
    }

    /// Refuses, before any request, TLS files that cannot be read and a token that would go over plain http://
    /// to a non-loopback node (without --insecure-token).
    func check(endpoints: [String: String], token: BearerToken?, tls: TLSOptions) throws {
        for (flag, path) in [("--cacert", tls.caFile), ("--cert", tls.certFile), ("--key", tls.keyFile)] {
            guard let path else { continue }
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw CommandFailure("\(flag) \(path): cannot read the file (TLS); nothing was sent to any node")
            }
        }
        guard token != nil, !insecureToken else { return }
        let refusals = TokenExposure.refusals(endpoints: endpoints)
        if let first = refusals.first {
            throw CommandFailure(first + (refusals.count > 1 ? " (and \(refusals.count - 1) more nodes)" : "")
                + "; nothing was sent to any node")
        }
    }
}
