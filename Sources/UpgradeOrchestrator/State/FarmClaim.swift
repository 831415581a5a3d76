import Foundation
import NodeContract

/// Fences the farm: before a run's first record, every node is asked to admit the run's fencing token
/// (`POST /v1/fence`); after it, every POST carries the token. A node that remembers a newer run of the same state,
/// or an unfinished run of another state, refuses with 409 and the run stops before changing anything (exit 1).
public enum FarmClaim {
    /// Why the farm refused the run: the node and what it said (naming the run that drives the farm).
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        /// The node that refused.
        public var node: String
        /// The node's problem detail, or the transport failure.
        public var detail: String
        public var description: String {
            "node \(node) refused this run's fencing token, nothing was changed: \(detail)"
        }
    }

    /// What a claim of the farm found, besides refusals.
    public struct Claim: Sendable, Equatable {
        /// The nodes that admitted the claim: the ones to release if the run is refused before any change.
        public var claimed: [String]
        /// The nodes that could not be asked (down, unanswering): each is claimed before the run's first POST to it.
        public var unasked: [String]
        /// What to warn the operator about, one line each.
        public var warnings: [String]
    }

    /// `client` sending `token` on every POST (clients that cannot carry it are returned unchanged), with a fresh
    /// record of the nodes `claim` could not reach (claimed late, before the first POST to each).
    public static func fencing(_ client: any NodeClient, with token: FencingToken) -> any NodeClient {
        guard var curl = client as? CurlNodeClient else { return client }
        curl.fencingToken = token
        curl.lateClaims = LateClaims()
        return curl
    }

    /// Claims the farm on every node of `topology` for `token` (`takeover`: `--take-over-farm`), all nodes at once.
    /// A 409 is a refusal: the first refusing node in topology order is named, and the nodes that admitted the claim
    /// are released again (except on a takeover), so a run refused at its claim leaves no node claimed for it. Nodes
    /// without the fence endpoint (404: an older aeupgrade-node) are warned about. A node that could not be asked
    /// (down) is warned about by name and left to the client fenced by `fencing`: it claims that node
    /// (`POST /v1/fence`) before the run's first POST to it, and a refusal then stops the run
    /// (`NodeError.claimRefused`, `lateRefusal`) with nothing sent to it.
    public static func claim(
        _ client: any NodeClient, nodes: [String], token: FencingToken, takeover: Bool = false
    ) async throws(Refusal) -> Claim {
        guard let curl = client as? CurlNodeClient else { return Claim(claimed: [], unasked: [], warnings: []) }
        let errors = await eachNode(nodes) { node throws(NodeError) in
            try await claimNode(curl, node, token: token, takeover: takeover)
        }
        var unfenced: [String] = []
        var claim = Claim(claimed: [], unasked: [], warnings: [])
        var refusal: Refusal?
        for (node, error) in zip(nodes, errors) {
            guard let error else { claim.claimed.append(node); continue }
            if error.status == 404 { unfenced.append(node); continue }
            if case .http(_, _, 409, let problem, _) = error {
                refusal = refusal ?? Refusal(node: node, detail: problem?.detail ?? "409")
                continue
            }
            claim.unasked.append(node)
            claim.warnings.append("node \(node) could not be asked to admit this run's claim of the farm (\(error)); "
                + "the run claims it (POST /v1/fence) before its first change to \(node), and stops if \(node) "
                + "refuses")
        }
        if let refusal {
            // The run stops before any change: the nodes that admitted it are released again, or they would refuse
            // the run that drives the farm (its claim had not reached them) until a takeover.
            if !takeover { _ = await release(curl, nodes: claim.claimed, token: token) }
            throw refusal
        }
        if !unfenced.isEmpty {
            claim.warnings.insert("\(unfenced.joined(separator: ", ")) do not fence (no /v1/fence: an older "
                + "aeupgrade-node): they would not refuse a second orchestrator", at: 0)
        }
        curl.lateClaims?.add(claim.unasked, takeover: takeover)
        return claim
    }

    /// Claims `node` for the run before the run's first POST to it, when the farm's claim could not reach it: admitted
    /// (or a node that does not fence, 404) and the POST goes on; refused (409): `NodeError.claimRefused`, remembered
    /// for `lateRefusal`; any other failure (the node still down) is thrown as it is and the node stays unclaimed.
    static func claimLate(_ curl: CurlNodeClient, node: String, token: FencingToken, claims: LateClaims)
        async throws(NodeError)
    {
        do {
            try await claimNode(curl, node, token: token, takeover: claims.takeover)
            claims.claimed(node)
        } catch {
            if error.status == 404 { claims.claimed(node); return }
            guard case .http(_, _, 409, let problem, _) = error else { throw error }
            let refusal = Refusal(node: node, detail: problem?.detail ?? "409")
            claims.refused(refusal)
            throw .claimRefused(node: node, detail: refusal.detail)
        }
    }

    /// The first late claim a node refused during the run of `client` (see `claimLate`), nil while none.
    public static func lateRefusal(_ client: any NodeClient) -> Refusal? {
        (client as? CurlNodeClient)?.lateClaims?.refusal
    }

    /// `POST /v1/fence` on one node, under the run's claim key (a retry or a late claim reuses it).
    private static func claimNode(
        _ curl: CurlNodeClient, _ node: String, token: FencingToken, takeover: Bool
    ) async throws(NodeError) {
        let key = "fence-\(token.lineage)-\(token.epoch)\(takeover ? "-takeover" : "")"
        let headers = takeover ? ["\(ContractHeader.fencingTakeover): true"] : []
        let _: FenceState = try await curl.call(
            node, method: "POST", path: ContractPath.fence, body: OperationRequest(), key: key, extraHeaders: headers)
    }

    /// Releases the farm on every node (the run's upgrade finished: done or rolled back); returns the failures,
    /// to be warned about (a node not released refuses other states' runs until one claims it with a takeover).
    public static func release(_ client: any NodeClient, nodes: [String], token: FencingToken) async -> [String] {
        guard let curl = client as? CurlNodeClient else { return [] }
        let key = "release-\(token.lineage)-\(token.epoch)"
        let errors = await eachNode(nodes) { node throws(NodeError) in
            let _: FenceState = try await curl.call(
                node, method: "POST", path: ContractPath.fenceRelease, body: OperationRequest(), key: key, extraHeaders: [])
        }
        return errors.compactMap { error in error.flatMap { $0.status == 404 ? nil : $0.description } }
    }

    /// Runs `call` for every node at once (the transport bounds the transfers in flight); the error of each, in
    /// the order of `nodes`, nil where it succeeded.
    private static func eachNode(
        _ nodes: [String], _ call: @escaping @Sendable (String) async throws(NodeError) -> Void
    ) async -> [NodeError?] {
        await withTaskGroup(of: (Int, NodeError?).self) { group in
            for (index, node) in nodes.enumerated() {
                group.addTask {
                    do throws(NodeError) {
                        try await call(node)
                        return (index, nil)
                    } catch {
                        return (index, error)
                    }
                }
            }
            var errors = [NodeError?](repeating: nil, count: nodes.count)
            for await (index, error) in group { errors[index] = error }
            return errors
        }
    }
}
