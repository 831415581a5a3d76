import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NodeContract

/// `GET /v1/fence` and `POST /v1/fence` on one node endpoint, as another orchestrator (or an operator) would send
/// them: what a test needs to see and change the farm's fencing around a run.
enum FenceRequests {
    /// The node's fencing state.
    static func state(_ base: String) async throws -> FenceState {
        let (data, _) = try await URLSession.shared.data(from: URL(string: base + ContractPath.fence)!)
        return try JSONDecoder().decode(FenceState.self, from: data)
    }

    /// Claims the node for `token`; the HTTP status.
    static func claim(_ base: String, _ token: FencingToken, key: String) async throws -> Int {
        var request = URLRequest(url: URL(string: base + ContractPath.fence)!)
        request.httpMethod = "POST"
        request.setValue(key, forHTTPHeaderField: ContractHeader.idempotencyKey)
        request.setValue(token.header, forHTTPHeaderField: ContractHeader.fencingToken)
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    /// The operations of `node` under `keyPrefix` (every one the run sent it).
    static func operations(_ base: String, keyPrefix: String) async throws -> [NodeContract.Operation] {
        let url = base + ContractPath.operationList + ContractPath.operationListQuery(keyPrefix: keyPrefix, state: nil)
        let (data, _) = try await URLSession.shared.data(from: URL(string: url)!)
        return try JSONDecoder().decode(OperationList.self, from: data).operations
    }
}
