import Hummingbird
import NIOCore
import NodeContract

/// Wraps a node endpoint's responder with the checks of `ServerLimits` and of the contract's methods, made before
/// the endpoint routes: a method the path does not have is 405 (TRACE everywhere), a body over the cap is 413
/// problem+json and the connection is closed, an `Idempotency-Key` over the spec's length is 400.
public struct LimitedResponder<Wrapped: HTTPResponder>: HTTPResponder {
    /// The context of the wrapped responder.
    public typealias Context = Wrapped.Context

    private let wrapped: Wrapped
    private let limits: ServerLimits

    /// Wraps `wrapped` with `limits`.
    public init(_ wrapped: Wrapped, limits: ServerLimits = .standard) {
        self.wrapped = wrapped
        self.limits = limits
    }

    /// Refuses what the limits forbid, else answers with the wrapped responder (a body read over the cap is 413).
    public func respond(to request: Request, context: Context) async throws -> Response {
        if let refusal = ContractMethods.refusal(request) ?? refusal(request) { return refusal }
        do {
            return try await wrapped.respond(to: request, context: context)
        } catch is NIOTooManyBytesError {
            return tooLarge()
        }
    }

    private func refusal(_ request: Request) -> Response? {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limits.maxBodyBytes {
            return tooLarge()
        }
        if let key = RequestGuard.idempotencyKeyHeader(request), key.count > limits.maxIdempotencyKeyLength {
            return HTTPReply.problem(Problem.badRequest(
                "the Idempotency-Key has \(key.count) characters; at most \(limits.maxIdempotencyKeyLength) "
                    + "are allowed (spec/node-api.yaml)"))
        }
        return nil
    }

    private func tooLarge() -> Response {
        HTTPReply.problem(
            Problem(
                title: "Content Too Large", status: 413,
                detail: "the request body is larger than \(limits.maxBodyBytes) bytes; node contract bodies are small "
                    + "JSON objects"),
            headers: [.connection: "close"])
    }
}
