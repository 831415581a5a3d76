import Foundation

/// Reads the secrets `node.yaml` points at: the bearer token, the ServiceManager phrase and password, REST
/// credentials.
/// Errors name the file or variable, never the value.
enum Secrets {
    /// The first line of a file, trimmed.
    static func file(_ path: String, field: String) throws(ConfigError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .secretUnavailable(field: field, source: path, reason: "no such file or not readable")
        }
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !line.isEmpty else { throw .secretUnavailable(field: field, source: path, reason: "it is empty") }
        return line
    }

    /// A secret from its source.
    static func read(_ source: SecretSource, field: String) throws(ConfigError) -> String {
        switch source {
        case .file(let path):
            return try file(path, field: field)
        case .environment(let name):
            guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                throw .secretUnavailable(field: field, source: "environment variable \(name)", reason: "not set")
            }
            return value
        }
    }
}
