import Foundation
import NodeContract

/// What `aeupgrade-node` remembers about the system that AE's tools do not report: the CP mode each node was put in
/// and the ZDU phase this agent moved the system to. Kept in `<stateDirectory>/node-memory.json`, written atomically.
actor NodeMemory {
    /// The persisted content.
    struct Content: Codable, Sendable {
        var cpModes: [String: CPMode] = [:]
        var zdu: ZDUState?
    }

    private let path: String
    private var content: Content

    /// Loads the memory in `directory` (empty when the file does not exist yet).
    init(directory: String) {
        path = (directory as NSString).appendingPathComponent("node-memory.json")
        content = FileManager.default.contents(atPath: path)
            .flatMap { try? JSONDecoder().decode(Content.self, from: $0) } ?? Content()
    }

    /// The CP mode recorded for a node (active unless put in standby).
    func cpMode(_ node: String) -> CPMode { content.cpModes[node] ?? .active }

    /// The recorded ZDU state, if this agent changed it.
    func zdu() -> ZDUState? { content.zdu }

    /// Records a node's CP mode.
    func setCPMode(_ mode: CPMode, node: String) throws(NodeAgentError) {
        content.cpModes[node] = mode
        try save()
    }

    /// Records the ZDU state.
    func setZDU(_ state: ZDUState) throws(NodeAgentError) {
        content.zdu = state
        try save()
    }

    private func save() throws(NodeAgentError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            try encoder.encode(content).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .stateDirectory(path: path, reason: "cannot write it: \(error.localizedDescription)")
        }
    }
}
