import Foundation
import Hummingbird
import NodeContract
import NodeServerKit

/// The admin endpoint of a simulated farm (spec/admin-api.yaml): report, faults, clock. No token: loopback only.
struct AdminResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    /// Body of `POST /clock`.
    struct ClockRequest: Codable {
        var advanceSeconds: Double
    }

    /// Answer of `/faults` and `/clock`.
    struct FaultList: Codable {
        var faults: [Fault]
    }

    /// The farm's model.
    let engine: FarmEngine
    /// The farm's listeners, closed and opened by nodeDown faults.
    let listeners: ListenerSet

    /// Answers one admin request.
    func respond(to request: Request, context: Context) async throws -> Response {
        switch (request.method, request.uri.path) {
        case (.get, "/report"):
            return HTTPReply.json(await engine.read { $0.report() })
        case (.get, "/faults"):
            return HTTPReply.json(FaultList(faults: await engine.read { $0.activeFaults }))
        case (.post, "/faults"):
            let data = try await HTTPReply.body(of: request)
            guard case .success(let fault) = HTTPReply.decode(Fault?.self, from: data, empty: nil), let fault else {
                return HTTPReply.problem(Problem.unprocessable(
                    "POST /faults needs a JSON fault, e.g. {\"kind\": \"nodeDown\", \"node\": \"AE_1A\"}; kinds: "
                        + Fault.Kind.allCases.map(\.rawValue).joined(separator: ", ")))
            }
            switch await engine.mutate({ $0.inject(fault) }) {
            case .failure(let problem): return HTTPReply.problem(problem)
            case .success(let actions):
                try await perform(actions)
                return HTTPReply.json(FaultList(faults: await engine.read { $0.activeFaults }), status: .created)
            }
        case (.delete, "/faults"):
            try await perform(await engine.mutate { $0.clearFaults() })
            return HTTPReply.json(FaultList(faults: []))
        case (.post, "/clock"):
            let data = try await HTTPReply.body(of: request)
            guard case .success(let body) = HTTPReply.decode(ClockRequest?.self, from: data, empty: nil),
                  let body else {
                return HTTPReply.problem(Problem.unprocessable("POST /clock needs {\"advanceSeconds\": N}"))
            }
            let now = await engine.advance(seconds: body.advanceSeconds)
            return HTTPReply.json(["simulatedSeconds": now])
        default:
            return HTTPReply.problem(Problem.notFound(
                "no \(request.method) \(request.uri.path) on the admin endpoint "
                    + "(GET /report, GET|POST|DELETE /faults, POST /clock)"))
        }
    }

    /// Performs the model's actions on the listeners.
    private func perform(_ actions: [FarmAction]) async throws {
        for action in actions {
            switch action {
            case .closeListener(let node): await listeners.close(node)
            case .openListener(let node): try await listeners.reopen(node)
            }
        }
    }
}
