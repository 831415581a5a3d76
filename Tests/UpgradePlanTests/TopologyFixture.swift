@testable import UpgradePlan

/// A small valid topology as YAML lines, so loader tests can change one line and know the line number to expect.
enum TopologyFixture {
    /// The lines of a valid two-DC topology; line N of the file is `lines[N - 1]`.
    static let lines = [
        "system: PROD",                                                                     // 1
        "versions: {base: \"24.4.1\", target: \"24.4.4\"}",                                 // 2
        "datacenters: [DC1, DC2]",                                                          // 3
        "netAreas:",                                                                        // 4
        "  - {name: NA_DC1, datacenter: DC1, fallback: {netAreas: [NA_DC2], mechanism: dns}}", // 5
        "  - {name: NA_DC2, datacenter: DC2, fallback: {netAreas: [NA_DC1], mechanism: dns}}", // 6
        "nodes:",                                                                           // 7
        "  - name: AE_1A",                                                                  // 8
        "    datacenter: DC1",                                                              // 9
        "    endpoint: http://127.0.0.1:8101",                                              // 10
        "    wps: 4",                                                                       // 11
        "    cps: 2",                                                                       // 12
        "    netArea: NA_DC1",                                                              // 13
        "    pwp: true",                                                                    // 14
        "  - {name: AE_1B, datacenter: DC2, endpoint: http://127.0.0.1:8102, wps: 4, cps: 2, jwps: 1, jcps: 1, rest: 1, netArea: NA_DC2}", // 15
        "agents:",                                                                          // 16
        "  - {netArea: NA_DC1, count: 120, connectsTo: CP}",                                // 17
        "  - {netArea: NA_DC2, count: 80, connectsTo: CP}",                                 // 18
        "policy:",                                                                          // 19
        "  minActiveCPs: 1",                                                                // 20
        "  gateBetweenDCs: {soak: 10m}",                                                    // 21
        "  durations: {binariesStage: 5m}",                                                 // 22
    ]

    /// The fixture with some lines replaced (1-based line numbers).
    static func yaml(replacing changes: [Int: String] = [:]) -> String {
        lines.enumerated().map { changes[$0.offset + 1] ?? $0.element }.joined(separator: "\n") + "\n"
    }

    /// The problems the loader reports for the fixture with some lines replaced, as `file:line: path: message`.
    static func problems(_ changes: [Int: String]) -> [String] {
        problems(yaml: yaml(replacing: changes))
    }

    /// The problems the loader reports for some YAML, as `file:line: path: message`.
    static func problems(yaml: String) -> [String] {
        do {
            _ = try TopologyLoader.parse(yaml: yaml, file: "x.yaml")
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }
}
