/// `GET/POST /v1/fence`: which run drives this node's system (see `FencingToken`), as the node remembers it.
public struct FenceState: Sendable, Equatable, Codable {
    /// The token of the run that claimed the farm last (the highest epoch of its lineage seen); nil when none did.
    public var token: FencingToken?
    /// Whether that run released the farm (its upgrade finished: done or rolled back): another state may claim it.
    public var released: Bool

    /// Creates a state.
    public init(token: FencingToken? = nil, released: Bool = false) {
        self.token = token
        self.released = released
    }

    /// The fencing rule every node applies to a mutating request carrying `request` (a claim with `takeover` set
    /// by `--take-over-farm`): the state to remember, or the 409 problem naming the run that holds the farm.
    ///
    /// - Same lineage (the same state directory or database): a lower epoch is refused (a paused or partitioned old
    ///   holder after a takeover); an equal or higher one is admitted and remembered.
    /// - Another lineage: admitted only when the farm was released, never claimed, or on an explicit takeover.
    ///   Epochs of two lineages are not compared: two state directories count independently.
    public func admit(_ request: FencingToken, takeover: Bool = false) -> Result<FenceState, Problem> {
        guard let current = token, !takeover else { return .success(FenceState(token: request)) }
        guard current.system == request.system else {
            return .failure(.conflict("fencing token for system \(request.system), but this node serves "
                + "\(current.system)"))
        }
        if current.lineage == request.lineage {
            guard request.epoch >= current.epoch else {
                return .failure(.conflict("fenced: a newer run drives \(current.system): \(current.run); this "
                    + "request carries \(request.run), which lost the run lock"))
            }
            return .success(FenceState(token: request.epoch == current.epoch ? current : request,
                released: request.epoch == current.epoch ? released : false))
        }
        guard released else {
            return .failure(.conflict("fenced: \(current.system) is driven by another state's run, \(current.run), "
                + "which has not finished; continue it with the same --state / --state-dir (status, resume), or, "
                + "only if that state is lost, claim the farm with --take-over-farm"))
        }
        return .success(FenceState(token: request))
    }

    /// Whether a run holds the farm: a token was admitted and its run has not released it.
    public var isClaimed: Bool { token != nil && !released }

    /// The fencing rule for a mutating request without a `Fencing-Token` (an operator's script, a client older
    /// than fencing, a stale tool): nil (it goes through) while no run holds the farm, else the 409 problem naming
    /// the run that holds it. Such a request never changes what the node remembers.
    public func admitUnfenced() -> Problem? {
        guard let current = token, !released else { return nil }
        return .conflict("fenced: \(current.system) is driven by \(current.run), which has not finished; a POST "
            + "without its \(ContractHeader.fencingToken) changes nothing while a run holds the farm: let that run "
            + "finish (it releases the farm when done or rolled back), continue it with aeupgrade (status, resume), "
            + "or, only if its state is lost, claim the farm with --take-over-farm")
    }

    /// The state after the run `request` asks to release the farm: released when it is the current holder.
    public func release(_ request: FencingToken) -> Result<FenceState, Problem> {
        guard let current = token, current.lineage == request.lineage, current.epoch == request.epoch else {
            return .failure(.conflict("not released: \(request.run) does not hold the farm"
                + (token.map { "; \($0.run) does" } ?? "")))
        }
        return .success(FenceState(token: current, released: true))
    }
}

extension ContractPath {
    /// `GET /v1/fence`: the node's fencing state; `POST`: claim the farm with the request's `Fencing-Token`.
    public static let fence = "/v1/fence"
    /// `POST /v1/fence/release`: the run holding the farm releases it (its upgrade finished).
    public static let fenceRelease = "/v1/fence/release"
}
