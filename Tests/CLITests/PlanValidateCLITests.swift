import Foundation
import TestScratch
import Testing

/// Real runs of `aeupgrade plan` and `aeupgrade validate`: stdout, stderr and exit code.
@Suite struct PlanValidateCLITests {
    private func run(_ arguments: String...) async throws -> PlanCLIRun { try await PlanCLIRun.run(arguments) }

    private func tempDirectory() throws -> URL {
        URL(fileURLWithPath: TestScratch.directory("plan-cli"))
    }

    /// Writes seed-phase1 with each `replacements` key replaced by its value to `dir/name`; returns the path.
    private func seedVariant(
        _ replacements: KeyValuePairs<String, String>, in dir: URL, name: String
    ) throws -> String {
        var yaml = try String(contentsOf: PlanCLIRun.packageRoot.appendingPathComponent("plans/seed-phase1.yaml"),
                              encoding: .utf8)
        for (old, new) in replacements { yaml = yaml.replacingOccurrences(of: old, with: new) }
        let path = dir.appendingPathComponent(name).path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func planPrintsTheTextRenderingAndTheVerdict() async throws {
        let result = try await run("plan", "plans/seed-phase1.yaml")
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let golden = try PlanCLIRun.golden("seed-phase1.txt")
        #expect(result.stdout.hasPrefix(golden))
        let verdict = result.stdout.dropFirst(golden.count)
        #expect(verdict.range(of: #"^Validated: every invariant holds in all \d+ states checked\.\n$"#,
                              options: .regularExpression) != nil)
    }

    @Test func planFormatsMatchTheGoldenFiles() async throws {
        let formats = [("json", "seed-phase1.json"), ("dot", "seed-phase1.dot"), ("mermaid", "seed-phase1.mmd")]
        for (format, golden) in formats {
            let result = try await run("plan", "plans/seed-phase1.yaml", "--format", format)
            #expect(result.status == 0, "\(format): \(result.stderr)")
            #expect(result.stdout == (try PlanCLIRun.golden(golden)), "format \(format)")
        }
    }

    @Test func planOutSavesThePlanFile() async throws {
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("plan.json").path
        let result = try await run("plan", "plans/seed-phase1.yaml", "--format", "json", "--out", path)
        #expect(result.status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == result.stdout)
    }

    @Test func planExitsOneWithEveryProblemOfABadFile() async throws {
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try seedVariant(
            ["wps: 4\n": "wps: four\n", "datacenter: DC2, endpoint": "datacenter: DC3, endpoint"], in: dir,
            name: "bad.yaml")
        let result = try await run("plan", path)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == """
            \(path):12: nodes[0].wps: expected a whole number, found "four"
            \(path):19: nodes[1].datacenter: unknown datacenter "DC3" (known: DC1, DC2)

            """)
    }

    @Test func planExitsThreeWhenNoPlanKeepsTheInvariants() async throws {
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try seedVariant(
            [", fallback: {netAreas: [NA_DC2], mechanism: loadBalancer}}": "}",
             ", fallback: {netAreas: [NA_DC1], mechanism: loadBalancer}}": "}"], in: dir, name: "isolated.yaml")
        let result = try await run("plan", path)
        #expect(result.status == 3)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("\(path): no valid plan: "))
        let validate = try await run("validate", path)
        #expect(validate.status == 3)
        #expect(validate.stdout.hasPrefix("invalid: \(path): no valid plan: "))
    }

    @Test func validateSeedTopologies() async throws {
        for name in ["seed-phase1", "seed-phase2", "three-dc"] {
            let result = try await run("validate", "plans/\(name).yaml")
            #expect(result.status == 0, "\(name): \(result.stdout) \(result.stderr)")
            #expect(result.stdout.range(of: #"^valid: plan for PROD, \d+ steps, \d+ states checked, "#
                + #"critical path \d+:\d\d:\d\d\n$"#, options: .regularExpression) != nil, "\(name): \(result.stdout)")
        }
        let phase1 = try await run("validate", "plans/seed-phase1.yaml")
        #expect(phase1.stdout.hasPrefix("valid: plan for PROD, 14 steps, "))
        #expect(phase1.stdout.hasSuffix(", critical path 0:41:40\n"))
    }

    @Test("AE-ZDU-10: 21.0.5 -> 24.4.1 gets exit 3 with the reason and the address of the page")
    func unsupportedPathExitsThree() async throws {
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try seedVariant(["24.4.1": "21.0.5", "24.4.4": "24.4.1"], in: dir, name: "utf8.yaml")
        let result = try await run("plan", path)
        #expect(result.status == 3)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("ZDU from 21.0.5 to 24.4.1 is not supported"))
        #expect(result.stderr.contains("UTF-8"))
        #expect(result.stderr.contains("(source: https://docs.automic.com/"))
    }

    @Test("AE-ZDU-10: 12.3.8 -> 21.0.5 gets exit 3 even with zduPathConfirmed: the farm gains JWP/JCP/REST")
    func crossV21ExitsThree() async throws {
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try seedVariant([
            "24.4.1": "12.3.8", "24.4.4": "21.0.5", "    jwps: 1\n    jcps: 1\n    rest: 1\n": "",
            ", jwps: 1, jcps: 1, rest: 1": "", "connectsTo: JCP": "connectsTo: CP",
            "  minActiveCPs: 1\n": "  minActiveCPs: 1\n  zduPathConfirmed: true\n",
        ], in: dir, name: "v21.yaml")
        for command in ["plan", "validate"] {
            let result = try await run(command, path)
            #expect(result.status == 3, "\(command): \(result.stdout) \(result.stderr)")
            let output = result.stdout + result.stderr
            #expect(output.contains("ZDU from 12.3.8 to 21.0.5 is not supported"), "\(command): \(output)")
            #expect(output.contains("cannot describe a farm that gains JWP/JCP/REST in the upgrade"))
            #expect(output.contains("(source: https://docs.automic.com/"))
        }
    }

    @Test("a version that is not major.minor.patch (unquoted 24.4) gets exit 1 with its file, line and field")
    func twoPartVersionExitsOne() async throws {
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try seedVariant(["base: \"24.4.1\"": "base: 24.4"], in: dir, name: "short.yaml")
        let result = try await run("plan", path)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == "\(path):3: versions.base: \"24.4\" is not an AE version: write major.minor.patch, "
            + "three whole numbers without leading zeros, quoted (e.g. \"24.4.4\")\n")
    }

    @Test("plan prints the split plan with the three wizard gates")
    func planShowsWizardGates() async throws {
        let result = try await run("plan", "plans/seed-phase2.yaml")
        #expect(result.status == 0)
        for heading in ["Wizard step 2, DB load", "Wizard step 4, switch", "Wizard step 5, finalize"] {
            #expect(result.stdout.contains(heading), "\(heading)")
        }
    }

    @Test func validateSavedPlanAndAHandEditedOne() async throws {
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("plan.json").path
        #expect(try await run("plan", "plans/seed-phase2.yaml", "--out", path).status == 0)
        let saved = try await run("validate", path)
        #expect(saved.status == 0)
        let replan = try await run("plan", path)
        #expect(replan.status == 1)
        #expect(replan.stderr.hasPrefix("\(path) is a plan file, not a topology"))
        #expect(saved.stdout.hasPrefix("valid: plan for PROD, "))

        // AE_2B's drain no longer waits for the switch: both DC2 nodes can be mid-upgrade at once.
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        let drainID = try #require(lines.firstIndex(of: "      \"id\": \"DC2/AE_2B/cp.drain\","))
        let dependency = try #require(lines[..<drainID].lastIndex { $0.contains("\"zdu.switch\"") })
        lines[dependency] = lines[dependency].replacingOccurrences(of: "zdu.switch", with: "zdu.dbload")
        let switchID = try #require(lines.firstIndex(of: "      \"id\": \"zdu.switch\","))
        let verify = try #require(lines[..<switchID].lastIndex { $0.contains("\"DC2/AE_1B/target.verify\"") })
        lines[verify] += ", \"DC2/AE_2B/target.verify\""
        let gateID = try #require(lines.firstIndex(of: "      \"id\": \"gate/DC1\","))
        let gateDependency = try #require(lines[..<gateID].lastIndex { $0.contains("\"DC2/AE_2B/target.verify\"") })
        lines[gateDependency] = lines[gateDependency].replacingOccurrences(of: "DC2/AE_2B/target.verify", with: "zdu.switch")
        let edited = dir.appendingPathComponent("edited.json").path
        try lines.joined(separator: "\n").write(toFile: edited, atomically: true, encoding: .utf8)
        let result = try await run("validate", edited)
        #expect(result.status == 3, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.hasPrefix("invalid: plan for PROD, "))
        #expect(result.stdout.contains("invariant 6"))
        #expect(result.stdout.contains("DC2/AE_2B/cp.drain"))
    }

    @Test("a hand-edited plan that never upgrades AE_2B (the operator's e9.json) is invalid: exit 3, AE_2B named")
    func validateRefusesAPlanThatLeavesANodeDead() async throws {
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let planned = try await run("plan", "plans/seed-phase2.yaml", "--format", "json")
        #expect(planned.status == 0)
        var plan = try #require(try JSONSerialization.jsonObject(with: Data(planned.stdout.utf8)) as? [String: Any])
        let steps = try #require(plan["steps"] as? [[String: Any]])
        plan["steps"] = steps.compactMap { step -> [String: Any]? in
            let id = step["id"] as? String ?? ""
            if id.hasPrefix("DC2/AE_2B/") && !id.hasSuffix("binaries.stage") { return nil }
            var step = step
            if id == "gate/DC1" { step["dependsOn"] = ["zdu.switch"] }
            return step
        }
        let path = dir.appendingPathComponent("e9.json").path
        try JSONSerialization.data(withJSONObject: plan, options: [.prettyPrinted, .withoutEscapingSlashes])
            .write(to: URL(fileURLWithPath: path))
        let result = try await run("validate", path)
        #expect(result.status == 3, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.hasPrefix("invalid: plan for PROD, "))
        #expect(result.stdout.contains("invariant 9 (every node ends on its target processes, started and verified) "
            + "broken: AE_2B: the plan never starts its target processes; after zdu.finalize it runs no process"))
        #expect(result.stdout.contains(". zdu.finalize\n  state: "))
    }

    @Test func validateReportsAnUnreadablePlanFile() async throws {
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("broken.json").path
        try "{\n  \"system\": \"PROD\",\n  \"steps\": [\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try await run("validate", path)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("\(path):"))
        #expect(try await run("validate", dir.appendingPathComponent("missing.yaml").path).status == 1)
    }

    @Test func usageErrorsAndHelp() async throws {
        #expect(try await run("plan").status == 64)
        #expect(try await run("plan", "plans/seed-phase1.yaml", "--format", "pdf").status == 64)
        let help = try await run("plan", "--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("EXIT CODES:"))
        #expect(help.stdout.contains("3    no valid plan exists, or the plan is invalid"))
        // Every line of the table is a row or its indented continuation: none wrapped by the help's 80 columns.
        let table = help.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("EXIT CODES:") }.dropFirst().prefix { !$0.isEmpty }
        #expect(table.count >= 9)
        #expect(table.allSatisfy { $0.hasPrefix("  ") }, "\(table.filter { !$0.hasPrefix("  ") })")
        let root = try await run("--help")
        #expect(root.stdout.contains("plan"))
        #expect(root.stdout.contains("validate"))
    }
}
