import Testing
@testable import UpgradePlan

/// `nodes[].simulatedWizard`: the wizard steps a simulated node performs (aeupgrade-sim only), checked at load and
/// kept out of the plan (not hashed).
@Suite struct TopologySimulatedWizardTests {
    @Test func aNodeDeclaresScriptedStepsForTheSimulatorAndThePlanIgnoresThem() throws {
        let plain = try TopologyLoader.parse(yaml: TopologyFixture.yaml(), file: "x.yaml")
        let yaml = TopologyFixture.yaml().replacingOccurrences(
            of: "    netArea: NA_DC1\n", with: "    netArea: NA_DC1\n    simulatedWizard: [switch, dbload]\n")
        let topology = try TopologyLoader.parse(yaml: yaml, file: "x.yaml")
        #expect(topology.nodes[0].simulatedWizard == ["dbload", "switch"])
        #expect(topology.nodes[1].simulatedWizard == [])
        #expect(TopologyHash.of(topology) == TopologyHash.of(plain))
    }

    @Test func anUnknownStepIsRefusedNamingTheLineAndField() {
        let problems = TopologyFixture.problems([13: "    netArea: NA_DC1\n    simulatedWizard: [dbload, upgrade]"])
        #expect(problems == ["x.yaml:14: nodes[0].simulatedWizard: unknown wizard step \"upgrade\" (known: dbload, "
            + "switch, finalize, rollback)"])
    }
}
