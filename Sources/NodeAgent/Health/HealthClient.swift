import Foundation
import NodeContract

/// The AE REST health check `GET /ae/api/v1/{client}/system/health`: 200 with status UP, 503 with status DOWN,
/// each with running instances per process kind (`pwp`, `wp`, `cp`, `jwp`, `jcp`, `rest`).
public struct HealthClient: Sendable {
    /// The check's configuration.
    public let config: HealthConfig
    /// `user:password` for basic authentication (never logged).
    let credentials: String?

    /// The check's answer.
    public struct Report: Sendable, Equatable {
        /// UP or DOWN.
        public var health: Health
        /// Running instances per process kind, e.g. `["pwp": 1, "wp": 4]`.
        public var instances: [String: Int]
    }

    /// Creates a client.
    public init(config: HealthConfig, credentials: String?) {
        self.config = config
        self.credentials = credentials
    }

    /// Performs the check; unreachable, an unexpected status or an unreadable body is DOWN with the reason.
    public func check() async -> Result<Report, HealthFailure> {
        switch await CurlGet.get(url: config.healthURL, userPassword: credentials, timeoutSeconds: config.timeoutSeconds) {
        case .failure(let failure):
            return .failure(HealthFailure(reason: "\(config.healthURL) unreachable: \(failure.message)"))
        case .success(let (status, body)):
            guard status == 200 || status == 503 else {
                return .failure(HealthFailure(reason: "\(config.healthURL) answered HTTP \(status)"))
            }
            guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
                  let text = object["status"] as? String, let health = Health(rawValue: text) else {
                return .failure(HealthFailure(reason: "\(config.healthURL): body has no status UP|DOWN"))
            }
            var instances: [String: Int] = [:]
            for (kind, value) in object {
                if let entry = value as? [String: Any], let count = entry["instancesRunning"] as? Int {
                    instances[kind] = count
                }
            }
            // 200 is UP and 503 is DOWN whatever the body says: the status code is the documented signal.
            return .success(Report(health: status == 200 ? health : .down, instances: instances))
        }
    }
}

/// A health check that got no usable answer.
public struct HealthFailure: Error, Sendable, Equatable {
    /// What happened.
    public var reason: String
}
