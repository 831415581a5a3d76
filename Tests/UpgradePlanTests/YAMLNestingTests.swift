import Foundation
import Testing
@testable import UpgradePlan

/// Hostile inputs to the YAML reading: nesting beyond a sane depth is found by a linear scan before composing, with
/// its file and line; messages quote at most 80 characters of a value and list at most 10 names.
@Suite("YAML nesting and message caps")
struct YAMLNestingTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The reproducer: 1,000 nested flow sequences (composing 250 of them, 500 KB, took 6 s).
    static let deepFlow = "system: PROD\nnodes: " + String(repeating: "[", count: 1_000)
        + String(repeating: "]", count: 1_000) + "\n"

    @Test func thousandNestedFlowSequencesAreFoundOnTheirLine() {
        let problem = YAMLReader.nestingProblem(in: Self.deepFlow, file: "deep.yaml")
        #expect(problem?.description == "deep.yaml:2: collections nested more than 64 levels deep; a topology or plan "
            + "file needs only a few: check the brackets and indentation up to this line")
    }

    @Test("the loader refuses the reproducer at once, before composing it")
    func loaderRefusesDeepNesting() {
        #expect(TopologyFixture.problems(yaml: Self.deepFlow) == [
            "x.yaml:2: collections nested more than 64 levels deep; a topology or plan file needs only a few: check "
                + "the brackets and indentation up to this line",
        ])
    }

    @Test func deepBlockNestingIsFoundWhereItPassesTheLimit() {
        let block = (0..<200).map { String(repeating: " ", count: $0 * 2) + "- " }.joined(separator: "\n") + "x\n"
        #expect(YAMLReader.nestingProblem(in: "nodes:\n" + block, file: "b.yaml")?.line == 65)
        #expect(YAMLReader.nestingProblem(in: "nodes: " + String(repeating: "- ", count: 100) + "x\n", file: "b")?
            .line == 1)
    }

    @Test func nestingWithinTheLimitPasses() {
        let flow = "a: " + String(repeating: "[", count: 63) + String(repeating: "]", count: 63) + "\n"
        #expect(YAMLReader.nestingProblem(in: flow, file: "f") == nil)
        let siblings = "a: " + String(repeating: "[[]], ", count: 100) + "[]\n"
        #expect(YAMLReader.nestingProblem(in: siblings, file: "s", limit: 3) == nil, "closed collections count no more")
        let quoted = "a: \"[[[[[[[[\" # [[[[[[[[[[[\nb: '{{{{{{{{{{{{'\nc: x[1]\n"
        #expect(YAMLReader.nestingProblem(in: quoted, file: "q", limit: 2) == nil, "quotes, comments, plain text")
        let literal = "a: |\n" + (0..<100).map { String(repeating: " ", count: 2 + $0) + "[{" }.joined(separator: "\n")
        #expect(YAMLReader.nestingProblem(in: literal + "\nb: 1\n", file: "l", limit: 2) == nil, "a block scalar")
    }

    @Test(arguments: ["plans/seed-phase1.yaml", "plans/seed-phase2.yaml", "plans/three-dc.yaml",
                      "Tests/UpgradePlanTests/Golden/seed-phase1.json"])
    func repositoryInputsPass(_ path: String) throws {
        let text = try String(contentsOf: Self.repository.appendingPathComponent(path), encoding: .utf8)
        #expect(YAMLReader.nestingProblem(in: text, file: path, limit: 8) == nil)
    }

    @Test func aPlanFileOnOneLineOfJSONPasses() throws {
        let url = Self.repository.appendingPathComponent("Tests/UpgradePlanTests/Golden/seed-phase1.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        let line = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        #expect(!line.contains("\n"))
        #expect(YAMLReader.nestingProblem(in: line, file: "one.json", limit: 8) == nil)
    }

    @Test func messagesQuoteAtMost80CharactersOfAValue() throws {
        let huge = String(repeating: "x", count: 1 << 20)
        let key = String(repeating: "k", count: 200)
        let text = "system: PROD\nnodes: \"\(huge)\"\n\(key): 1\n"
        do {
            _ = try TopologyLoader.parse(yaml: text, file: "huge.yaml")
            Issue.record("a topology with a 1 MB value was accepted")
        } catch {
            let description = error.description
            #expect(description.utf8.count < 4_000, "the message does not repeat the value")
            #expect(description.contains("found \"\(String(repeating: "x", count: 80))… (1048576 characters)\""))
            #expect(description.contains("unknown key \"\(String(repeating: "k", count: 80))… (200 characters)\""))
        }
    }

    @Test func listsNameAtMost10AndCountTheRest() {
        let names = (1...25).map { "NODE_\($0)" }
        #expect(MessageCap.list(names) == (1...10).map { "NODE_\($0)" }.joined(separator: ", ") + ", … and 15 more")
        #expect(MessageCap.list(["a", "b"]) == "a, b")
        #expect(MessageCap.message(String(repeating: "m", count: 5_000)).count < 1_100)
    }
}
