import Foundation
import Testing
@testable import UpgradePlan

/// SHA-256, the topology hash and the plan file's canonical JSON.
@Suite struct PlanFileTests {
    @Test func sha256KnownVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let long = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
            + "mnopqrstnopqrstu"
        #expect(SHA256.hex(long) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(SHA256.hex(String(repeating: "a", count: 1000))
            == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func topologyHashIgnoresLayoutButNotValues() throws {
        let flow = try TopologyLoader.parse(yaml: TopologyFixture.yaml(), file: "a.yaml")
        let block = try TopologyLoader.parse(yaml: TopologyFixture.yaml(replacing: [
            2: "versions:\n  target: \"24.4.4\"\n  base: \"24.4.1\"",
        ]), file: "b.yaml")
        #expect(TopologyHash.of(flow) == TopologyHash.of(block))
        #expect(TopologyHash.of(flow).count == 64)
        var changed = flow
        changed.nodes[1].wps = 5
        #expect(TopologyHash.of(changed) != TopologyHash.of(flow))
    }

    @Test func encodingWritesEveryFieldSortedWithNulls() {
        let json = PlanFile.encode(PlanSamples.handBuilt())
        #expect(json.contains("\"inverse\": null"))
        #expect(json.contains("\"gate\": {\n        \"soak\": 600\n      }"))
        #expect(json.contains("\"gateBetweenDCs\": {\n        \"approval\": true\n      }"))
        #expect(json.hasSuffix("}\n"))
        let topKeys = json.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(topKeys == ["criticalPathSeconds", "steps", "system", "topology", "topologyHash"])
        #expect(json.contains("\"topologyHash\": \"\(TopologyHash.of(PlanSamples.handBuilt().topology))\""))
    }

    @Test func roundTripIsExact() throws {
        var plan = PlanSamples.handBuilt()
        plan.topologyHash = TopologyHash.of(plan.topology)
        let json = PlanFile.encode(plan)
        let decoded = try PlanFile.decode(json: json, file: "plan.json")
        #expect(decoded == plan)
        #expect(PlanFile.encode(decoded) == json)
    }

    @Test func stringsAreEscapedAndReadBack() throws {
        let odd = "say \"hi\"\\ then\n\ttab \u{1} é ✓ /"
        #expect(JSONValue.string(odd).compact == "\"say \\\"hi\\\"\\\\ then\\n\\ttab \\u0001 é ✓ /\"")
        var plan = PlanSamples.handBuilt()
        plan.steps[0].precondition = odd
        plan.topologyHash = TopologyHash.of(plan.topology)
        #expect(try PlanFile.decode(json: PlanFile.encode(plan), file: "p.json") == plan)
    }

    @Test func realPlanRoundTrips() throws {
        let topology = try TopologyLoader.parse(yaml: TopologyFixture.yaml(), file: "x.yaml")
        let plan = try Planner.plan(topology)
        let json = PlanFile.encode(plan)
        let decoded = try PlanFile.decode(json: json, file: "plan.json")
        #expect(decoded.steps == plan.steps)
        #expect(decoded.topology == plan.topology)
        #expect(decoded.topologyHash == TopologyHash.of(topology))
    }

    @Test func decodeErrorsNameFileLineAndField() throws {
        var plan = PlanSamples.handBuilt()
        plan.topologyHash = TopologyHash.of(plan.topology)
        let json = PlanFile.encode(plan)
        let lines = json.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let kindLine = try #require(lines.firstIndex { $0.contains("\"kind\": \"cp.drain\"") })
        var edited = lines
        edited[kindLine] = edited[kindLine].replacingOccurrences(of: "cp.drain", with: "cp.drian")
        let estimateLine = try #require(lines.firstIndex { $0.contains("\"estimateSeconds\": 120") })
        edited[estimateLine] = edited[estimateLine].replacingOccurrences(of: "120", with: "\"soon\"")
        do {
            _ = try PlanFile.decode(json: edited.joined(separator: "\n"), file: "p.json")
            Issue.record("an edited plan with an unknown kind decoded")
        } catch {
            #expect(error.problems.map(\.description) == [
                "p.json:\(estimateLine + 1): steps[0].estimateSeconds: expected a whole number, found \"soon\"",
                "p.json:\(kindLine + 1): steps[1].kind: unknown step kind \"cp.drian\" (did you mean \"cp.drain\"?) "
                    + "(known: \(StepKind.allCases.map(\.rawValue).joined(separator: ", ")))",
            ])
        }
    }

    @Test func decodeRejectsAnEditedTopology() throws {
        var plan = PlanSamples.handBuilt()
        plan.topologyHash = TopologyHash.of(plan.topology)
        let json = PlanFile.encode(plan).replacingOccurrences(of: "\"wps\": 4", with: "\"wps\": 6")
        let line = json.split(separator: "\n").firstIndex { $0.contains("\"topologyHash\"") }.map { $0 + 1 } ?? -1
        #expect(throws: TopologyError.invalid(file: "p.json", problems: [
            TopologyProblem(file: "p.json", line: line, path: "topologyHash", message:
                "does not match the topology in the file (was the topology edited? run aeupgrade plan again)"),
        ])) {
            try PlanFile.decode(json: json, file: "p.json")
        }
    }

    @Test func tellsPlanFilesFromTopologies() {
        #expect(PlanFile.isPlanFile(path: "plan.json", text: "{\n  \"topologyHash\": \"ab\"\n"))
        #expect(!PlanFile.isPlanFile(path: "topology.json", text: "{\"system\": \"PROD\"}"))
        #expect(PlanFile.isPlanFile(path: "odd.yaml", text: "system: PROD\nsteps: []\n"))
        #expect(PlanFile.isPlanFile(path: "saved", text: "{\n  \"criticalPathSeconds\": 1,\n  \"steps\": []\n}"))
        #expect(!PlanFile.isPlanFile(path: "saved", text: TopologyFixture.yaml()))
    }

    @Test func gateCodableMatchesTheFileForm() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let gates: [Gate] = [.none, .soak(seconds: 600), .approval]
        let text = try gates.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        #expect(text == ["\"none\"", "{\"soak\":600}", "{\"approval\":true}"])
        let back = try gates.map { try JSONDecoder().decode(Gate.self, from: try encoder.encode($0)) }
        #expect(back == gates)
    }
}
