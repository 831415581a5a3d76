import Foundation
import Hummingbird
import NodeContract
import NodeServerKit

/// One node's endpoint: the node contract (spec/node-api.yaml) over the shared `FarmEngine`.
///
/// Order per request: injected faults (delay, 503), bearer token (401), then the route (404 unknown path).
struct NodeResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    /// The node this endpoint serves.
    let node: String
    /// The farm's model.
    let engine: FarmEngine
    /// Token every request must carry, if configured.
    let token: String?
    /// The farm's fencing state (one for all its nodes).
    let fence: FenceGate

    /// Answers one request.
    func respond(to request: Request, context: Context) async throws -> Response {
        let node = self.node
        // A node without endpoint faults need not wait for the engine (shared by every node) to learn so.
        let (delay, fail, after) = engine.views.hasEndpointFaults(node)
            ? await engine.endpointFaults(node) : (0, false, false)
        if delay > 0 { try? await Task.sleep(for: .milliseconds(delay)) }
        if fail {
            if after { _ = try await serve(request) }
            return HTTPReply.problem(Problem.unavailable("injected failure on \(node) (errors fault)"))
        }
        return try await serve(request)
    }

    /// Answers a request past the faults: token, then route.
    private func serve(_ request: Request) async throws -> Response {
        let node = self.node
        if let denied = RequestGuard(token: token).unauthorized(request) { return denied }
        let path = request.uri.path
        if FenceGate.concerns(request, path: path), let refused = await fence.check(request, path: path) {
            return refused
        }
        switch (request.method, path) {
        case (.get, ContractPath.node):
            // The published answer while it is current, else the engine's after bringing the model up to now.
            var answer = engine.views.fresh(node)
            if answer == nil { answer = await engine.nodeStateJSON(node) }
            guard let json = answer else { return HTTPReply.problem(Problem.notFound("no node \(node)")) }
            return Response(status: .ok, headers: [.contentType: ContractHeader.json], body: .init(byteBuffer: json))
        case (.get, ContractPath.system):
            return HTTPReply.json(data: await engine.systemStateJSON())
        case (.get, ContractPath.operationList):
            switch OperationQuery.parse(request) {
            case .failure(let problem): return HTTPReply.problem(problem)
            case .success(let query):
                let list = await engine.read { $0.operations(keyPrefix: query.keyPrefix, state: query.state, on: node) }
                return HTTPReply.json(OperationList(operations: list))
            }
        case (.get, _) where path.hasPrefix(ContractPath.operations):
            let id = String(path.dropFirst(ContractPath.operations.count))
            guard let operation = await engine.read({ $0.operation(id: id, on: node) }) else {
                return HTTPReply.problem(Problem.notFound("no operation \"\(id)\" on \(node)"))
            }
            return HTTPReply.json(operation)
        case (.post, _) where path.hasPrefix("/v1/"):
            return try await post(request, path: path)
        default:
            return HTTPReply.problem(Problem.notFound("no \(request.method) \(path) in the node contract"))
        }
    }

    /// A POST: parse the body and key, then submit the command to the model.
    private func post(_ request: Request, path: String) async throws -> Response {
        let body = try await HTTPReply.body(of: request)
        var parsed = OperationRequest()
        if Command.takesBody(path) {
            switch HTTPReply.decode(OperationRequest.self, from: body, empty: OperationRequest()) {
            case .success(let value): parsed = value
            case .failure(let problem): return HTTPReply.problem(problem)
            }
        }
        let command: Command
        switch Command.parse(path: path, body: parsed) {
        case .success(let value): command = value
        case .failure(let problem): return HTTPReply.problem(problem)
        }
        let key: String
        switch RequestGuard.idempotencyKey(request, path: path) {
        case .success(let value): key = value
        case .failure(let problem): return HTTPReply.problem(problem)
        }
        let node = self.node
        switch await engine.mutate({ $0.submit(command, on: node, key: key) }) {
        case .accepted(let operation, _):
            return HTTPReply.json(
                operation, status: .accepted, headers: [.location: ContractPath.operation(id: operation.id)])
        case .rejected(let problem):
            return HTTPReply.problem(problem)
        }
    }
}
