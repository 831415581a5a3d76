import Hummingbird
import Synchronization

/// Every node's `GET /v1/node` answer as encoded JSON, published by `FarmEngine` after each change of the model, so
/// node listeners answer it without waiting for the engine (which all nodes share with the ticker).
///
/// An answer is handed out only while it is what the engine would answer now: before `stableUntil` (the model's
/// `nodeViewsStableUntil`) on the farm's clock. Past it, `fresh` returns nil and the caller asks the engine, which
/// brings the model up to simulated now and publishes again. A POST's effect is published before its reply is sent.
final class NodeViews: Sendable {
    /// One publication.
    struct Snapshot: Sendable {
        /// `GET /v1/node` JSON per node name.
        var json: [String: ByteBuffer] = [:]
        /// Simulated time before which passing time alone changes no answer.
        var stableUntil: Double = 0
        /// The engine's clock offset the snapshot was published with.
        var offset: Double = 0
        /// Nodes with endpoint faults (slow, errors): their requests go through the engine.
        var faulty: Set<String> = []
    }

    private let clock: FarmClock
    private let snapshot: Mutex<Snapshot>

    /// Creates the views of a farm on `clock`, with nothing published yet (every read goes to the engine).
    init(clock: FarmClock) {
        self.clock = clock
        snapshot = Mutex(Snapshot())
    }

    /// Node `name`'s answer if it is still current at simulated now, else nil.
    func fresh(_ name: String) -> ByteBuffer? {
        let (json, stableUntil, offset) = snapshot.withLock { ($0.json[name], $0.stableUntil, $0.offset) }
        guard let json, clock.simulatedNow(offset: offset) < stableUntil else { return nil }
        return json
    }

    /// Node `name`'s answer as last published, current or not (the engine's own reads, right after publishing).
    func published(_ name: String) -> ByteBuffer? {
        snapshot.withLock { $0.json[name] }
    }

    /// Whether requests to node `name` must ask the engine for their endpoint faults.
    func hasEndpointFaults(_ name: String) -> Bool {
        snapshot.withLock { $0.faulty.contains(name) }
    }

    /// Publishes changed answers (the others stay), the new horizon, clock offset and faulty nodes at once.
    func publish(changed: [(String, ByteBuffer)], stableUntil: Double, offset: Double, faulty: Set<String>) {
        snapshot.withLock { snapshot in
            for (name, json) in changed { snapshot.json[name] = json }
            snapshot.stableUntil = stableUntil
            snapshot.offset = offset
            snapshot.faulty = faulty
        }
    }
}
