import ArgumentParser
import Foundation
import UpgradeOrchestrator
import UpgradePlan

/// Options of every command that talks to the nodes: what may be sent where.
struct NodeAccessOptions: ParsableArguments {
    @Flag(name: .long, help: ArgumentHelp(
        "Send the bearer token over plain http:// to non-loopback nodes too (clear text on the network; without it "
            + "such a run is refused before any request)."))
    var insecureToken = false

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
