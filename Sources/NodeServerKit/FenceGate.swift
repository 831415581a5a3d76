import Foundation
import Hummingbird
import NodeContract

/// The farm's fencing (spec/node-api.yaml, `Fencing-Token`): remembers which run drives the system (the highest
/// epoch of the claiming state's lineage) and refuses a POST carrying an older or another state's token, or no
/// token while that run holds the farm, with 409 naming that run. `GET /v1/fence` shows it, `POST /v1/fence`
/// claims, `POST /v1/fence/release` releases.
///
/// With `file`, the state survives a restart like the idempotency keys: written to a temporary file, fsync'ed and
/// renamed over it before the request is answered.
public actor FenceGate {
    private var state: FenceState
    private let file: String?

    /// A gate remembering nothing yet (the simulator), or what `file` holds (aeupgrade-node's state directory).
    public init(file: String? = nil) throws {
        self.file = file
        if let file, let data = FileManager.default.contents(atPath: file) {
            do { state = try JSONDecoder().decode(FenceState.self, from: data) } catch {
                throw FenceGateError(message: "\(file): not a fencing state: \(error)")
            }
        } else {
            state = FenceState()
        }
    }

    /// What the gate remembers.
    public var current: FenceState { state }

    /// Whether `check` has anything to say about the request: a POST, or a read of the fence. Other reads skip the
    /// actor hop (every node of a simulated farm shares one gate, and GET /v1/node is the hot path).
    public nonisolated static func concerns(_ request: Request, path: String) -> Bool {
        request.method == .post || path == ContractPath.fence
    }

    /// Answers the fence endpoints; for any other POST, the refusal (400, 409) or nil when it may go on:
    /// - no `Idempotency-Key`: 400, before anything about fencing (a malformed request is malformed in any state);
    /// - a `Fencing-Token` that is not a token: 400 (a client bug), claimed or not;
    /// - no `Fencing-Token`: let through while no run holds the farm (operators, clients before fencing), else 409
    ///   naming the run that holds it (`FenceState.admitUnfenced`);
    /// - a token: the fencing rule (`FenceState.admit`), 409 naming the run that drives the farm.
    public func check(_ request: Request, path: String) -> Response? {
        switch (request.method, path) {
        case (.get, ContractPath.fence):
            return HTTPReply.json(state)
        case (.post, ContractPath.fence), (.post, ContractPath.fenceRelease):
            if case .failure(let problem) = RequestGuard.idempotencyKey(request, path: path) {
                return HTTPReply.problem(problem)
            }
            guard let header = Self.header(request, ContractHeader.fencingToken) else {
                return HTTPReply.problem(.badRequest("POST \(path) needs a \(ContractHeader.fencingToken) header"))
            }
            guard let token = FencingToken(header: header) else { return Self.malformed(header) }
            let takeover = Self.header(request, ContractHeader.fencingTakeover)?.lowercased() == "true"
            let outcome = path == ContractPath.fence ? state.admit(token, takeover: takeover) : state.release(token)
            return remember(outcome).map { HTTPReply.problem($0) } ?? HTTPReply.json(state)
        case (.post, _):
            if case .failure(let problem) = RequestGuard.idempotencyKey(request, path: path) {
                return HTTPReply.problem(problem)
            }
            guard let header = Self.header(request, ContractHeader.fencingToken) else {
                return state.admitUnfenced().map { HTTPReply.problem($0) }
            }
            guard let token = FencingToken(header: header) else { return Self.malformed(header) }
            return remember(state.admit(token)).map { HTTPReply.problem($0) }
        default:
            return nil
        }
    }

    /// The 400 for a `Fencing-Token` value that is not a token (its first 80 characters quoted).
    private static func malformed(_ header: String) -> Response {
        HTTPReply.problem(.badRequest("malformed \(ContractHeader.fencingToken) \"\(header.prefix(80))\": expected "
            + "system=S; lineage=L; epoch=N; holder=H (values percent-encoded), as aeupgrade sends it; send the "
            + "run's whole token, or none"))
    }

    /// Stores an admitted state (persisted first); the problem of a refusal.
    private func remember(_ outcome: Result<FenceState, Problem>) -> Problem? {
        switch outcome {
        case .failure(let problem):
            return problem
        case .success(let next):
            guard next != state else { return nil }
            if let file {
                do { try Self.persist(next, to: file) } catch {
                    return .unavailable("cannot persist the fencing state: \(error)")
                }
            }
            state = next
            return nil
        }
    }

    private static func persist(_ state: FenceState, to file: String) throws {
        let data = try JSONEncoder().encode(state)
        let temporary = file + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FenceGateError(message: String(cString: strerror(errno))) }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced, rename(temporary, file) == 0 else {
            throw FenceGateError(message: "cannot write \(file): \(String(cString: strerror(errno)))")
        }
        let directory = open((file as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 { fsync(directory); close(directory) }
    }

    private static func header(_ request: Request, _ name: String) -> String? {
        let wanted = name.lowercased()
        return request.headers.first { $0.name.canonicalName == wanted }?.value
    }
}

/// A fencing state that cannot be read or written.
public struct FenceGateError: Error, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    public var description: String { message }
}
