import Foundation
import Hummingbird
import NodeContract
import NodeServerKit

/// The admin endpoint of a simulated farm (spec/admin-api.yaml): report, faults, clock, and the ZDU wizard's steps
/// as the operator performs them in the AWI (docs/ae-model.md AE-ZDU-1). No token: loopback only.
struct AdminResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    /// Body of `POST /clock`.
    struct ClockRequest: Codable {
        var advanceSeconds: Double
    }

    /// Body of `POST /zdu/dbload`.
    struct DBLoadRequest: Codable {
        var version: String?
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
        case (.post, let path) where path.hasPrefix("/zdu/"):
            return try await wizard(request, path: path)
        default:
            return HTTPReply.problem(Problem.notFound(
                "no \(request.method) \(request.uri.path) on the admin endpoint (GET /report, GET|POST|DELETE "
                    + "/faults, POST /clock, POST /zdu/dbload|switch|finalize|rollback)"))
        }
    }

    /// `POST /zdu/{step}`: performs a wizard step; 200 with the ZDU state, or the 409/422 problem.
    private func wizard(_ request: Request, path: String) async throws -> Response {
        let step: WizardStep
        switch path {
        case "/zdu/dbload":
            let data = try await HTTPReply.body(of: request)
            guard case .success(let body) = HTTPReply.decode(DBLoadRequest.self, from: data, empty: DBLoadRequest()),
                  let version = body.version, !version.isEmpty else {
                return HTTPReply.problem(Problem.unprocessable("POST /zdu/dbload needs {\"version\": \"<target>\"}"))
            }
            step = .dbLoad(version: version)
        case "/zdu/switch": step = .switchOver
        case "/zdu/finalize": step = .finalize
        case "/zdu/rollback": step = .rollback
        default:
            return HTTPReply.problem(Problem.notFound(
                "no wizard step \(path); use /zdu/dbload, /zdu/switch, /zdu/finalize or /zdu/rollback"))
        }
        switch await engine.mutate({ $0.perform(step) }) {
        case .success(let state): return HTTPReply.json(state)
        case .failure(let problem): return HTTPReply.problem(problem)
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
