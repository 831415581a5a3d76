import Testing
@testable import UpgradePlan

/// Every class of topology problem is reported as `file:line: field.path: message` with the right line.
@Suite struct TopologyLoaderErrorTests {
    private func problems(_ changes: [Int: String]) -> [String] { TopologyFixture.problems(changes) }

    @Test func fixtureIsValid() throws {
        let topology = try TopologyLoader.parse(yaml: TopologyFixture.yaml(), file: "x.yaml")
        #expect(topology.nodes.count == 2)
        #expect(topology.policy.durations.binariesStage == 300)
    }

    @Test func malformedYAMLNamesTheLine() {
        #expect(problems([2: "versions: {base: \"24.4.1\", target: \"24.4.4\""]) == [
            "x.yaml:3: malformed YAML: did not find expected ',' or '}' (while parsing a flow mapping at line 2)",
        ])
        let indentation = problems([12: "   cps: 2"])
        #expect(indentation.count == 1)
        #expect(indentation.first?.hasPrefix("x.yaml:12: malformed YAML: ") == true)
        #expect(problems([11: "    wps: 4\n    wps: 5"]) == [
            "x.yaml:11: malformed YAML: duplicate key \"wps\" in one mapping",
        ])
    }

    @Test func emptyFileAndWrongRoot() {
        #expect(TopologyFixture.problems(yaml: "") == ["x.yaml: the file is empty"])
        #expect(TopologyFixture.problems(yaml: "- a\n") == [
            "x.yaml:1: expected a mapping with keys system, versions, datacenters, netAreas, nodes, agents, policy, "
                + "found a list",
        ])
    }

    @Test func missingField() {
        #expect(problems([15: "  - {name: AE_1B, datacenter: DC2, wps: 4, cps: 2, jwps: 1, jcps: 1, rest: 1, netArea: NA_DC2}"]) == [
            "x.yaml:15: nodes[1].endpoint: missing required field \"endpoint\"",
        ])
        #expect(problems([2: "versions: {base: \"21.0.5\"}"]) == [
            "x.yaml:2: versions.target: missing required field \"target\"",
        ])
    }

    @Test func wrongType() {
        #expect(problems([11: "    wps: four"]) == [
            "x.yaml:11: nodes[0].wps: expected a whole number, found \"four\"",
        ])
        #expect(problems([9: "    datacenter: [DC1]"]) == [
            "x.yaml:9: nodes[0].datacenter: expected a text value, found a list",
        ])
        #expect(problems([14: "    pwp: maybe"]) == [
            "x.yaml:14: nodes[0].pwp: expected true or false, found \"maybe\"",
        ])
        #expect(problems([11: "    wps: \"4\""]) == ["x.yaml:11: nodes[0].wps: expected a whole number, found \"4\""])
        #expect(problems([14: "    pwp: yes"]) == ["x.yaml:14: nodes[0].pwp: expected true or false, found \"yes\""])
        #expect(problems([1: "system: ~"]) == ["x.yaml:1: system: expected a text value, found nothing (null)"])
        #expect(problems([10: "    endpoint: 127.0.0.1:8101"]) == [
            "x.yaml:10: nodes[0].endpoint: expected an http:// or https:// URL, found \"127.0.0.1:8101\"",
        ])
    }

    @Test func unknownDatacenterAndNetArea() {
        let node = "  - {name: AE_1B, datacenter: DC3, endpoint: http://127.0.0.1:8102, wps: 4, cps: 2, jwps: 1, jcps: 1, rest: 1, "
            + "netArea: NA_DC2}"
        #expect(problems([15: node]) == [
            "x.yaml:15: nodes[1].datacenter: unknown datacenter \"DC3\" (known: DC1, DC2)",
        ])
        #expect(problems([13: "    netArea: NA_X"]) == [
            "x.yaml:13: nodes[0].netArea: unknown NetArea \"NA_X\" (known: NA_DC1, NA_DC2)",
        ])
        #expect(problems([18: "  - {netArea: NA_DC3, count: 80}"]) == [
            "x.yaml:18: agents[1].netArea: unknown NetArea \"NA_DC3\" (known: NA_DC1, NA_DC2)",
        ])
    }

    @Test func fallbackToUnknownNetArea() {
        #expect(problems([5: "  - {name: NA_DC1, datacenter: DC1, fallback: {netAreas: [NA_DC9], mechanism: dns}}"]) == [
            "x.yaml:5: netAreas[0].fallback.netAreas[0]: unknown NetArea \"NA_DC9\" (known: NA_DC1, NA_DC2)",
        ])
    }

    @Test func duplicateNames() {
        #expect(problems([3: "datacenters: [DC1, DC2, DC1]"]) == [
            "x.yaml:3: datacenters[2]: duplicate datacenter \"DC1\" (first declared at line 3, datacenters[0])",
        ])
        let twin = "  - {name: AE_1A, datacenter: DC2, endpoint: http://127.0.0.1:8102, wps: 4, cps: 2, jwps: 1, jcps: 1, rest: 1, "
            + "netArea: NA_DC2}"
        #expect(problems([15: twin]) == [
            "x.yaml:15: nodes[1].name: duplicate node \"AE_1A\" (first declared at line 8, nodes[0].name)",
        ])
        let netAreas = "netAreas:\n  - {name: NA_DC1, datacenter: DC1, fallback: {netAreas: [NA_DC2], mechanism: dns}}\n"
            + "  - {name: NA_DC2, datacenter: DC2, fallback: {netAreas: [NA_DC1], mechanism: dns}}\n"
            + "  - {name: NA_DC2, datacenter: DC2}"
        #expect(problems([4: netAreas, 5: "", 6: ""]) == [
            "x.yaml:7: netAreas[2].name: duplicate NetArea \"NA_DC2\" (first declared at line 6, netAreas[1].name)",
        ])
    }

    @Test func noNodes() {
        let empty = TopologyFixture.lines.prefix(6).joined(separator: "\n") + "\nnodes: []\n"
        #expect(TopologyFixture.problems(yaml: empty) == ["x.yaml:7: nodes: declare at least one node"])
    }

    @Test func zeroOrTwoPWPNodes() {
        #expect(problems([14: "    pwp: false"]) == [
            "x.yaml:7: nodes: no node holds the primary work process: mark exactly one node with pwp: true",
        ])
        let second = "  - {name: AE_1B, datacenter: DC2, endpoint: http://127.0.0.1:8102, wps: 4, cps: 2, jwps: 1, jcps: 1, rest: 1, "
            + "netArea: NA_DC2, pwp: true}"
        #expect(problems([15: second]) == [
            "x.yaml:15: nodes[1].pwp: 2 nodes have pwp: true (AE_1A, AE_1B); exactly one node holds the PWP",
        ])
    }

    @Test func netAreaWithAgentsButNoReachableCP() {
        #expect(problems([5: "  - {name: NA_DC1, datacenter: DC1}", 12: "    cps: 0"]) == [
            "x.yaml:17: agents[0].netArea: NetArea NA_DC1 has 120 agents that connect to CPs but no CP to connect "
                + "to: no node with cps > 0 is in NA_DC1 and it has no fallback",
        ])
        // With its fallback NA_DC2 holding CPs, NA_DC1 needs no CP of its own.
        #expect(problems([12: "    cps: 0"]) == [])
    }

    @Test func countsOutOfRange() {
        #expect(problems([17: "  - {netArea: NA_DC1, count: 0}", 11: "    wps: -1"]) == [
            "x.yaml:11: nodes[0].wps: must be at least 0, found -1",
            "x.yaml:17: agents[0].count: must be at least 1, found 0",
        ])
        #expect(problems([20: "  maxNodesDownPerDC: 0"]) == [
            "x.yaml:20: policy.maxNodesDownPerDC: must be at least 1, found 0",
        ])
    }

    @Test func unknownPolicyKeysAndValues() {
        #expect(problems([20: "  minActiveCP: 1"]) == [
            "x.yaml:20: policy.minActiveCP: unknown key \"minActiveCP\" (did you mean \"minActiveCPs\"?) (known: "
                + "minActiveCPs, minRunningWPs, maxNodesDownPerDC, gateBetweenDCs, zduPathConfirmed, onFailure, durations, "
                + "retries, stepTimeout, stepTimeoutSeconds, hooks, hookTimeout, hookTimeoutSeconds, onCrashedTargetProcess, "
                + "maxRestarts)",
        ])
        #expect(problems([20: "  onFailure: retry"]) == [
            "x.yaml:20: policy.onFailure: unknown value \"retry\" (known: rollback, halt)",
        ])
        #expect(problems([21: "  gateBetweenDCs: sometimes"]) == [
            "x.yaml:21: policy.gateBetweenDCs: unknown gate \"sometimes\" (write none, {soak: 10m} or "
                + "{approval: true})",
        ])
        #expect(problems([21: "  gateBetweenDCs: {approval: false}"]) == [
            "x.yaml:21: policy.gateBetweenDCs.approval: approval: false is not a gate (write gateBetweenDCs: none for "
                + "no gate)",
        ])
    }

    @Test func badDurations() {
        #expect(problems([22: "  durations: {binariesStage: 5 minutes}"]) == [
            "x.yaml:22: policy.durations.binariesStage: bad duration \"5 minutes\" (write seconds like 90, or 30s, "
                + "10m, 2h, 1h30m; at most 30 days)",
        ])
        #expect(problems([21: "  gateBetweenDCs: {soak: 10x}"]).first?.hasPrefix(
            "x.yaml:21: policy.gateBetweenDCs.soak: bad duration \"10x\"") == true)
    }

    @Test func unknownTopLevelKeyIsNamedWithTheKnownOnes() {
        #expect(problems([1: "system: PROD\npolcy: {}"]) == [
            "x.yaml:2: polcy: unknown key \"polcy\" (did you mean \"policy\"?) (known: system, versions, datacenters, "
                + "netAreas, nodes, agents, policy)",
        ])
    }

    @Test func allProblemsOfTheFileInOneRun() {
        let node = "  - {name: AE_1B, datacenter: DC3, endpoint: http://127.0.0.1:8102, wps: 4, cps: 2, jwps: 1, jcps: 1, rest: 1, "
            + "netArea: NA_DC2}"
        let found = problems([5: "  - {name: NA_DC1, datacenter: DC1, fallback: [NA_DC9]}", 11: "    wps: four",
                              15: node, 20: "  onFailure: retry", 22: "  durations: {operation: soon}"])
        #expect(found.map { $0.split(separator: ":").prefix(2).joined(separator: ":") } == [
            "x.yaml:5", "x.yaml:11", "x.yaml:15", "x.yaml:20", "x.yaml:22",
        ])
    }

    @Test func gateForms() throws {
        func gate(_ text: String) throws -> Gate {
            try TopologyLoader.parse(yaml: TopologyFixture.yaml(replacing: [21: "  gateBetweenDCs: \(text)"]),
                                     file: "x.yaml").policy.gateBetweenDCs
        }
        #expect(try gate("none") == Gate.none)
        #expect(try gate("{soak: 90}") == .soak(seconds: 90))
        #expect(try gate("{soak: 2h}") == .soak(seconds: 7200))
        #expect(try gate("{approval: true}") == .approval)
    }

    @Test func durationsParse() {
        #expect(DurationText.seconds("90") == 90)
        #expect(DurationText.seconds("30s") == 30)
        #expect(DurationText.seconds("10m") == 600)
        #expect(DurationText.seconds("2h") == 7200)
        #expect(DurationText.seconds("1h30m") == 5400)
        #expect(DurationText.seconds("-5") == nil)
        #expect(DurationText.seconds("m") == nil)
        #expect(DurationText.seconds("10") == 10)
        #expect(DurationText.seconds("10 m") == nil)
        #expect(DurationText.seconds("5d") == nil)
        // Hostile input: a huge duration is refused instead of overflowing (30 days at most).
        #expect(DurationText.seconds("2562047788015216h") == nil)
        #expect(DurationText.seconds("721h") == nil)
        #expect(DurationText.seconds("720h") == 30 * 86_400)
    }

    @Test("a fallback list without a mechanism is refused: AE offers none, the site must say how it works")
    func fallbackNeedsMechanism() {
        #expect(problems([5: "  - {name: NA_DC1, datacenter: DC1, fallback: [NA_DC2]}"]) == [
            "x.yaml:5: netAreas[0].fallback: a fallback must name its mechanism, because AE itself offers none: "
                + "write {netAreas: [...], mechanism: loadBalancer, dns, agentIni}",
        ])
    }

    @Test("JCP agents on a version without JCPs, and Java processes below v21, are refused with their lines")
    func javaProcessesByVersion() {
        let found = problems([
            2: "versions: {base: \"12.3.8\", target: \"12.3.9\"}",
            17: "  - {netArea: NA_DC1, count: 120, connectsTo: JCP}",
        ])
        #expect(found.contains("x.yaml:15: nodes[1].jcps: AE 12.3.8 has no JCPS processes (they exist from v21); remove it"))
        #expect(found.contains(
            "x.yaml:17: agents[0].connectsTo: AE 12.3.8 has no JCPs (agents connect to JCPs from v21); write connectsTo: CP"))
    }

    @Test("versions must be major.minor.patch: unquoted 24.4 and 24.04.1 are refused at their line and field")
    func versionForm() {
        let form = "write major.minor.patch, three whole numbers without leading zeros, quoted (e.g. \"24.4.4\")"
        #expect(problems([2: "versions: {base: 24.4, target: \"24.4.4\"}"]) == [
            "x.yaml:2: versions.base: \"24.4\" is not an AE version: \(form)",
        ])
        // Unquoted, YAML would read 24.10 as the number 24.1: the loader keeps the text and refuses it.
        #expect(problems([2: "versions:\n  base: 24.10\n  target: \"24.04.1\""]) == [
            "x.yaml:3: versions.base: \"24.10\" is not an AE version: \(form)",
            "x.yaml:4: versions.target: \"24.04.1\" is not an AE version: \(form)",
        ])
        #expect(problems([2: "versions: {base: \"24.4.1\", target: 24.4.4}"]) == [])
    }

    @Test("autoFinalize is refused with the reason: finalize is a wizard step the operator performs")
    func autoFinalizeRefused() {
        let found = problems([20: "  autoFinalize: true"])
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("x.yaml:20: policy.autoFinalize: autoFinalize is gone") == true)
    }

    @Test func unreadableFile() {
        #expect(throws: TopologyError.unreadable(file: "/nonexistent/t.yaml", reason: "no such file")) {
            try TopologyLoader.load(path: "/nonexistent/t.yaml")
        }
    }
}
