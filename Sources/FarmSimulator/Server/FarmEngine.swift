import Foundation
import NodeContract
import NodeServerKit

/// The model's home in the server: an actor that owns the `FarmModel` and maps the shell's clock onto simulated time.
///
/// Simulated now = real seconds since start × time scale (scaled clock) + seconds the caller jumped ahead (`advance`).
/// Every access first brings the model up to simulated now.
actor FarmEngine {
    private var model: FarmModel
    private let scale: Double
    private let started = ContinuousClock.now
    private var offset: Double = 0
    /// Bumped by every change that is not the passing of time, to invalidate `systemCache`.
    private var generation = 0
    /// `GET /v1/system` as last computed (it walks every agent), with the model time and generation it is valid for.
    private var systemCache: (now: Double, generation: Int, json: Data)?

    /// Creates the engine around a model.
    init(model: FarmModel) {
        self.model = model
        if case .scaled(let factor) = model.options.clock { scale = factor } else { scale = 0 }
    }

    /// Simulated seconds now, by the shell's clock.
    private var simulatedNow: Double {
        guard scale > 0 else { return offset }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return seconds * scale + offset
    }

    /// Brings the model up to simulated now, in whole steps: a request arriving a few milliseconds after the last
    /// one does not pay for a model step (reads then lag simulated now by less than `options.stepSeconds`).
    func sync() {
        let target = simulatedNow
        if target - model.now >= model.options.stepSeconds { model.advance(to: target) }
    }

    /// Jumps simulated time ahead by `seconds` (the manual clock's only way forward).
    func advance(seconds: Double) -> Double {
        offset += max(0, seconds)
        model.advance(to: simulatedNow)
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
        return body(&model)
    }

    /// The endpoint faults of a node for one request: delay in ms, whether to fail, whether after the effect.
    func endpointFaults(_ node: String) -> (delayMilliseconds: Int, fail: Bool, afterEffect: Bool) {
        (model.delayMilliseconds(node), model.drawFailure(node), model.failsAfterEffect(node))
    }

    /// `GET /v1/system` at simulated now as JSON, computed and encoded at most once per model step and change.
    func systemStateJSON() -> Data {
        sync()
        if let cache = systemCache, cache.now == model.now, cache.generation == generation { return cache.json }
        let json = HTTPReply.encode(model.systemState())
        systemCache = (model.now, generation, json)
        return json
    }
}
