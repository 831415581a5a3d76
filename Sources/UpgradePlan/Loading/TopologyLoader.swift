import Foundation
import Yams

/// Loads a topology file (YAML) into a `Topology`, reporting every problem of the file at once.
public enum TopologyLoader {
    /// Reads and parses the topology file at `path`; problems name the path as given.
    public static func load(path: String) throws(TopologyError) -> Topology {
        try parse(yaml: InputText.read(path: path), file: path)
    }

    /// Parses topology YAML; `file` is the name used in problems.
    public static func parse(yaml: String, file: String) throws(TopologyError) -> Topology {
        let root = try compose(yaml, file: file)
        var reader = TopologyReader(file: file)
        guard let topology = reader.read(root), reader.reader.problems.isEmpty else {
            throw .invalid(file: file, problems: reader.reader.problemsByLine)
        }
        return topology
    }

    /// The document's root node, or the YAML syntax error as a problem with its line.
    static func compose(_ text: String, file: String) throws(TopologyError) -> Yams.Node {
        // Refused before composing: a file nested deeper than any topology costs the YAML parser minutes.
        if let problem = YAMLReader.nestingProblem(in: text, file: file) {
            throw .invalid(file: file, problems: [problem])
        }
        let root: Yams.Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw .invalid(file: file, problems: [syntaxProblem(error, file: file)])
        } catch {
            throw .invalid(file: file, problems: [TopologyProblem(file: file, line: 0, path: "", message: "\(error)")])
        }
        guard let root else {
            throw .invalid(file: file, problems: [
                TopologyProblem(file: file, line: 0, path: "", message: "the file is empty"),
            ])
        }
        return root
    }

    private static func syntaxProblem(_ error: YamlError, file: String) -> TopologyProblem {
        func problem(_ line: Int, _ text: String) -> TopologyProblem {
            TopologyProblem(file: file, line: line, path: "", message: "malformed YAML: \(text)")
        }
        switch error {
        case let .scanner(context, text, mark, _), let .parser(context, text, mark, _),
             let .composer(context, text, mark, _):
            let detail = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return problem(mark.line, text + detail)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = Set(duplicates).sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            return problem(context.mark.line, "duplicate key \(keys) in one mapping")
        case let .reader(text, offset, _, yaml):
            let line = offset.map { yaml.prefix($0).filter { $0 == "\n" }.count + 1 } ?? 0
            return problem(line, text)
        default:
            return problem(0, "\(error)")
        }
    }
}

/// Reads an input file as UTF-8 text.
enum InputText {
    /// The file's text, or `TopologyError.unreadable` naming the file.
    static func read(path: String) throws(TopologyError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw .unreadable(file: path, reason: exists ? "permission denied or not a file" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(file: path, reason: "not UTF-8 text")
        }
        return text
    }
}
