import Synchronization

/// The nodes a run's claim of the farm could not reach (down, or unanswering, when the run started), claimed one
/// by one before the run's first POST to each (`CurlNodeClient.post`), and the first refusal. One per run: the
/// copies of the run's client share it.
final class LateClaims: Sendable {
    private struct State {
        var pending: Set<String> = []
        var takeover = false
        var refusal: FarmClaim.Refusal?
    }

    private let state = Mutex(State())

    /// Remembers `nodes` as not yet claimed; `takeover`: the run claims with `--take-over-farm`.
    func add(_ nodes: [String], takeover: Bool) {
        state.withLock {
            $0.pending.formUnion(nodes)
            $0.takeover = takeover
        }
    }

    /// Whether `node` must be claimed before the next POST to it.
    func isPending(_ node: String) -> Bool {
        state.withLock { $0.pending.contains(node) }
    }

    /// Whether the claims are asked with `Fencing-Takeover: true`.
    var takeover: Bool {
        state.withLock { $0.takeover }
    }

    /// `node` is claimed (or does not fence at all): POSTs go to it from now on.
    func claimed(_ node: String) {
        _ = state.withLock { $0.pending.remove(node) }
    }

    /// `node` refused the claim: it stays pending (nothing is ever sent to it), and the first refusal is kept.
    func refused(_ refusal: FarmClaim.Refusal) {
        state.withLock { if $0.refusal == nil { $0.refusal = refusal } }
    }

    /// The first refusal, nil while none.
    var refusal: FarmClaim.Refusal? {
        state.withLock { $0.refusal }
    }
}
