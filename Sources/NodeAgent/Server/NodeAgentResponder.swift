import Foundation
import Hummingbird
import Logging
import NodeContract
import NodeServerKit

/// One node's endpoint of `aeupgrade-node`: the node contract (spec/node-api.yaml) over the ServiceManager,
/// the AE REST health check and the configured commands. Order per request: bearer token (401), then route.
/// A state it cannot read is 503; a state it has no way to see (a setting missing in node.yaml) is 501.
struct NodeAgentResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    /// The node served.
    let node: NodeConfig
    /// Shared services.
    let services: AgentServices
    /// Token check.
    let guardian: RequestGuard
    /// Operation log (never given a secret: every text passes the runner's mask).
    let logger: Logger

    /// Answers one request.
    func respond(to request: Request, context: Context) async throws -> Response {
        if let denied = guardian.unauthorized(request) { return denied }
        let path = request.uri.path
        if FenceGate.concerns(request, path: path), let refused = await services.fence.check(request, path: path) {
            return refused
        }
        let reader = StateReader(services: services)
        switch (request.method, path) {
        case (.get, ContractPath.node):
            do { return HTTPReply.json(try await reader.node(node)) } catch { return unavailable(error) }
        case (.get, ContractPath.system):
            do { return HTTPReply.json(try await reader.system(node)) } catch { return unavailable(error) }
        case (.get, ContractPath.operationList):
            switch OperationQuery.parse(request) {
            case .failure(let problem): return HTTPReply.problem(problem)
            case .success(let query):
                let list = await services.book.operations(
                    scope: node.name, keyPrefix: query.keyPrefix, state: query.state)
                return HTTPReply.json(OperationList(operations: list))
            }
        case (.get, _) where path.hasPrefix(ContractPath.operations):
            let id = String(path.dropFirst(ContractPath.operations.count))
            guard let operation = await services.book.operation(id: id) else {
                return HTTPReply.problem(Problem.notFound("no operation \"\(id)\" on \(node.name)"))
            }
            return HTTPReply.json(operation)
        case (.post, _):
            guard let action = NodeAction(path: path) else {
                guard path.hasPrefix(ContractPath.wizardPrefix) else { break }
                return HTTPReply.problem(Problem.badRequest(
                    "no wizard step \"\(path.dropFirst(ContractPath.wizardPrefix.count).prefix(80))\"; the steps are "
                        + WizardStepName.allCases.map(\.rawValue).joined(separator: ", ")))
            }
            return try await post(action, request: request, path: path)
        default:
            break
        }
        return HTTPReply.problem(Problem.notFound("no \(request.method) \(path) in the node contract"))
    }

    private func unavailable(_ error: NodeAgentError) -> Response {
        let text = services.runner.mask(error.description)
        logger.warning("\(node.name): \(text)")
        if case .notConfigured = error { return HTTPReply.problem(Problem.notImplemented(text)) }
        return HTTPReply.problem(Problem.unavailable(text))
    }

    /// A POST: body, key, idempotency, refusals, then the operation in the background.
    private func post(_ action: NodeAction, request: Request, path: String) async throws -> Response {
        var parsed = OperationRequest()
        if action.takesBody {
            switch HTTPReply.decode(OperationRequest.self, from: try await HTTPReply.body(of: request), empty: parsed) {
            case .success(let value): parsed = value
            case .failure(let problem): return HTTPReply.problem(problem)
            }
        }
        let key: String
        switch RequestGuard.idempotencyKey(request, path: path) {
        case .success(let value): key = value
        case .failure(let problem): return HTTPReply.problem(problem)
        }
        let scope = node.name
        let fingerprint = action.fingerprint(parsed)
        let book = services.book
        if let known = await book.lookup(scope: scope, key: key, fingerprint: fingerprint) { return reply(known) }
        if let problem = await OperationGuard(services: services).refusal(action, node: node, request: parsed) {
            return HTTPReply.problem(problem)
        }
        let admission: OperationBook.Admission
        do {
            admission = try await book.begin(
                scope: scope, key: key, fingerprint: fingerprint, action: action.rawValue, node: node.name)
        } catch {
            return unavailable(error)
        }
        if case .started(let operation) = admission { launch(operation, action: action, request: parsed) }
        return reply(admission)
    }

    private func reply(_ admission: OperationBook.Admission) -> Response {
        switch admission {
        case .started(let operation), .existing(let operation):
            return HTTPReply.json(
                operation, status: .accepted, headers: [.location: ContractPath.operation(id: operation.id)])
        case .refused(let problem):
            return HTTPReply.problem(problem)
        }
    }

    /// Runs the operation to its end in the background and records it.
    private func launch(_ operation: NodeContract.Operation, action: NodeAction, request: OperationRequest) {
        let services = self.services, node = self.node, logger = self.logger
        logger.info("\(node.name): operation \(operation.id) \(action.rawValue) started")
        Task {
            let (failure, results) = await OperationPerformer(services: services)
                .perform(action, node: node, request: request)
            let output = results.map {
                CommandOutput(command: $0.argv, exitCode: $0.exitCode, stdout: $0.stdout, stderr: $0.stderr)
            }
            do {
                try await services.book.finish(id: operation.id, failure: failure, output: output)
            } catch {
                logger.error("\(node.name): cannot record operation \(operation.id): \(String(describing: error))")
            }
            if let failure {
                logger.warning("\(node.name): operation \(operation.id) \(action.rawValue) failed: \(failure)")
            } else {
                logger.info("\(node.name): operation \(operation.id) \(action.rawValue) succeeded")
            }
        }
    }
}
