import Foundation
import Hummingbird
import NodeContract
import NodeServerKit

/// The model's home in the server: an actor that owns the `FarmModel` and maps the shell's clock onto simulated time.
///
/// Simulated now = real seconds since start × time scale (scaled clock) + seconds the caller jumped ahead (`advance`).
/// Every access first brings the model up to simulated now. After every change it publishes the nodes' changed
/// `GET /v1/node` answers to `views`, which node listeners read without entering the actor.
actor FarmEngine {
    private var model: FarmModel
    private let clock: FarmClock
    private var offset: Double = 0
    /// Bumped by every change that is not the passing of time, to invalidate `systemCache`.
    private var generation = 0
    /// `GET /v1/system` as last computed (it walks every agent), with the model time and generation it is valid for.
    private var systemCache: (now: Double, generation: Int, json: Data)?
    /// The model's inputs of each node's published answer, by node index (nil: never published).
    private var publishedKeys: [FarmModel.NodeViewKey?]
    /// Each node's `GET /v1/node` answer, current as of the last change of the model.
    nonisolated let views: NodeViews

    /// Creates the engine around a model. Nothing is published yet (encoding every node's answer would delay the
    /// farm's start): the first read or change publishes every node.
    init(model: FarmModel) {
        let scale: Double
        if case .scaled(let factor) = model.options.clock { scale = factor } else { scale = 0 }
        let clock = FarmClock(started: ContinuousClock.now, scale: scale)
        self.clock = clock
        self.model = model
        views = NodeViews(clock: clock)
        publishedKeys = Array(repeating: nil, count: model.nodes.count)
    }

    /// Simulated seconds now, by the shell's clock.
    private var simulatedNow: Double {
        clock.simulatedNow(offset: offset)
    }

    /// Brings the model up to simulated now, in whole steps: a request arriving a few milliseconds after the last
    /// one does not pay for a model step (reads then lag simulated now by less than `options.stepSeconds`).
    func sync() {
        let target = simulatedNow
        if target - model.now >= model.options.stepSeconds {
            model.advance(to: target)
            publish()
        }
    }

    /// Jumps simulated time ahead by `seconds` (the manual clock's only way forward).
    func advance(seconds: Double) -> Double {
        offset += max(0, seconds)
        model.advance(to: simulatedNow)
        publish()
        return model.now
    }

    /// Reads the model at simulated now.
    func read<T: Sendable>(_ body: @Sendable (FarmModel) -> T) -> T {
        sync()
        return body(model)
    }

    /// Changes the model at simulated now.
    func mutate<T: Sendable>(_ body: @Sendable (inout FarmModel) -> T) -> T {
        sync()
        generation += 1
        let result = body(&model)
        publish()
        return result
    }

    /// The endpoint faults of a node for one request: delay in ms, whether to fail, whether after the effect.
    func endpointFaults(_ node: String) -> (delayMilliseconds: Int, fail: Bool, afterEffect: Bool) {
        (model.delayMilliseconds(node), model.drawFailure(node), model.failsAfterEffect(node))
    }

    /// `GET /v1/node` at simulated now as JSON, nil for an unknown node (when `views` has no current answer).
    func nodeStateJSON(_ node: String) -> ByteBuffer? {
        sync()
        if views.published(node) == nil { publish() }
        return views.published(node)
    }

    /// `GET /v1/system` at simulated now as JSON, computed and encoded at most once per model step and change.
    func systemStateJSON() -> Data {
        sync()
        if let cache = systemCache, cache.now == model.now, cache.generation == generation { return cache.json }
        let json = HTTPReply.encode(model.systemState())
        systemCache = (model.now, generation, json)
        return json
    }

    /// Publishes the answers of the nodes whose state changed since the last publication.
    private func publish() {
        Self.publish(model, offset: offset, keys: &publishedKeys, to: views)
    }

    /// Publishes to `views` the answer of every node whose key differs from `keys` (updated), with the model's
    /// horizon, the clock offset and the nodes with endpoint faults.
    private static func publish(
        _ model: FarmModel, offset: Double, keys: inout [FarmModel.NodeViewKey?], to views: NodeViews
    ) {
        var changed: [(String, ByteBuffer)] = []
        for index in model.nodes.indices {
            let key = model.nodeViewKey(index)
            guard key != keys[index] else { continue }
            keys[index] = key
            let name = model.nodes[index].name
            guard let state = model.nodeState(name) else { continue }
            changed.append((name, ByteBuffer(bytes: HTTPReply.encode(state))))
        }
        let faulty = Set(model.activeFaults.filter { $0.kind == .slow || $0.kind == .errors }.compactMap(\.node))
        views.publish(
            changed: changed, stableUntil: model.nodeViewsStableUntil, offset: offset, faulty: faulty)
    }
}
