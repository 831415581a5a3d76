import Foundation

/// The files a loaded configuration points at that the agent cannot use: checked by `--check` and before serving,
/// so every missing file is named at once instead of one per failed start.
public enum ConfigFiles {
    /// One line per problem, `file: field: path: what is wrong`, in the configuration's order.
    public static func problems(_ config: AgentConfig, file: String) -> [String] {
        var problems: [String] = []
        func readable(_ path: String?, _ field: String) {
            guard let path else { return }
            if !FileManager.default.fileExists(atPath: path) {
                problems.append("\(file): \(field): \(path): no such file")
            } else if !FileManager.default.isReadableFile(atPath: path) {
                problems.append("\(file): \(field): \(path): not readable by this user")
            }
        }
        readable(config.tokenFile, "tokenFile")
        readable(config.tls?.certFile, "tls.certFile")
        readable(config.tls?.keyFile, "tls.keyFile")
        readable(config.tls?.clientCAFile, "tls.clientCAFile")
        let manager = config.serviceManager
        // A bare name is looked up on PATH when it runs.
        if manager.ucybsmcl.contains("/"), !FileManager.default.isExecutableFile(atPath: manager.ucybsmcl) {
            problems.append("\(file): serviceManager.ucybsmcl: \(manager.ucybsmcl): "
                + (FileManager.default.fileExists(atPath: manager.ucybsmcl) ? "not executable" : "no such file"))
        }
        if case .file(let path) = manager.phrase { readable(path, "serviceManager.phraseFile") }
        if case .file(let path) = manager.password { readable(path, "serviceManager.passwordFile") }
        return problems
    }
}
