import Testing

/// The files that crashed `aeupgrade` (Swift traps, exit 132) or slipped past the validator when issue 13 fuzzed
/// topologies and plan files, kept as minimal reproducers in Tests/Reproducers: each is now a clear error naming the
/// file, line and field (exit 1), or the step (exit 3), and nothing traps.
@Suite("hostile input: every reproducer is a clear error")
struct HostileInputReproducerTests {
    /// Reproducer, command, exit code, text the error must contain.
    static let cases: [(String, String, Int32, String)] = [
        ("huge-wps.yaml", "plan", 1,
         "huge-wps.yaml:12: nodes[0].wps: must be at most 10000, found 9223372036854775807"),
        ("huge-cps.yaml", "plan", 1, "huge-cps.yaml:13: nodes[0].cps: must be at most 10000"),
        ("huge-agents.yaml", "plan", 1, "huge-agents.yaml:21: agents[0].count: must be at most 10000000"),
        ("huge-duration.yaml", "plan", 1,
         "huge-duration.yaml:31: policy.durations.agentsReconnect: bad duration \"2562047788015216h\""),
        ("duration-over-30-days.yaml", "plan", 1, "policy.durations.processesStart: bad duration \"31d\""),
        ("estimate-int-max.json", "validate", 1,
         "estimate-int-max.json:7: steps[0].estimateSeconds: must be at most 1000000000"),
        ("empty-nodes.json", "validate", 3, "DC2/AE_1B/cp.drain (cp.drain) names 0 nodes, expected 1"),
        ("self-dependency.json", "validate", 3, "DC2/AE_1B/wp.stop depends on itself"),
    ]

    @Test("a reproducer of a crash or an accepted bad plan is refused with a clear error", arguments: cases)
    func refusedClearly(file: String, command: String, status: Int32, message: String) async throws {
        let result = try await PlanCLIRun.run([command, "Tests/Reproducers/\(file)"])
        #expect(result.status == status, "\(file): exit \(result.status): \(result.stderr.prefix(300))")
        #expect((result.stderr + result.stdout).contains(message), "\(file): \(result.stderr.prefix(300))")
    }
}
