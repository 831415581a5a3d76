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

    /// `client` sending `token` on every POST (clients that cannot carry it are returned unchanged).
    public static func fencing(_ client: any NodeClient, with token: FencingToken) -> any NodeClient {
        guard var curl = client as? CurlNodeClient else { return client }
        curl.fencingToken = token
        return curl
    }

    /// Claims the farm on every node of `topology` for `token` (`takeover`: `--take-over-farm`), all nodes at once;
    /// a 409 is a refusal (the first refusing node in topology order is named). Returns warnings: nodes without the fence endpoint (404: an older aeupgrade-node), and nodes that
    /// could not be asked (down: the run's own checks decide what that means; the token still goes with every POST,
    /// so such a node checks it when it answers again).
    public static func claim(
        _ client: any NodeClient, nodes: [String], token: FencingToken, takeover: Bool = false
    ) async throws(Refusal) -> [String] {
        guard let curl = client as? CurlNodeClient else { return [] }
        let key = "fence-\(token.lineage)-\(token.epoch)\(takeover ? "-takeover" : "")"
        let headers = takeover ? ["\(ContractHeader.fencingTakeover): true"] : []
        let errors = await eachNode(nodes) { node throws(NodeError) in
            let _: FenceState = try await curl.call(
                node, method: "POST", path: ContractPath.fence, body: OperationRequest(), key: key, extraHeaders: headers)
        }
        var unfenced: [String] = []
        var unasked: [String] = []
        for (node, error) in zip(nodes, errors) {
            guard let error else { continue }
            if error.status == 404 { unfenced.append(node); continue }
            if case .http(_, _, 409, let problem, _) = error {
                throw Refusal(node: node, detail: problem?.detail ?? "409")
            }
            unasked.append(error.description)
        }
        var warnings: [String] = []
        if !unfenced.isEmpty {
            warnings.append("\(unfenced.joined(separator: ", ")) do not fence (no /v1/fence: an older aeupgrade-node): "
                + "they would not refuse a second orchestrator")
        }
        warnings += unasked.map { "the farm's claim could not be asked of a node (it checks the run's token on "
            + "every change when it answers again): \($0)" }
        return warnings
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
