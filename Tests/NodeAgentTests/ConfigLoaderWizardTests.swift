import NodeAgent
import NodeContract
import Testing

/// node.yaml's `nodes[].wizard:`: wizard step to the site's command, checked at load like every other field.
@Suite("node.yaml loader: wizard")
struct ConfigLoaderWizardTests {
    /// `ConfigLoaderTests.yaml()` with `lines` (at the node's indentation plus two) as the node's `wizard:`
    /// section, which starts on line 19.
    static func yaml(_ lines: String) -> String {
        ConfigLoaderTests.yaml() + "\n    wizard:\n" + lines
    }

    @Test("a wizard section loads: the steps it maps, in the wizard's order, with their argument vectors")
    func loads() throws {
        let config = try ConfigLoader.parse(yaml: Self.yaml("""
                  switch: [/opt/awi/switch.sh, "{node}"]
                  dbload: [/opt/ae/db/load-batch.sh, "--target={version}"]
            """), file: "node.yaml")
        let node = try #require(config.nodes.first)
        #expect(node.wizardSteps == [.dbload, .switch])
        #expect(node.wizard[.dbload]?.argv == ["/opt/ae/db/load-batch.sh", "--target={version}"])
        #expect(node.wizard[.finalize] == nil)
    }

    @Test("refused at load naming file, line and field: an unknown step, an empty or non-list command, a placeholder")
    func refusals() {
        let text = ConfigLoaderTests.problems(Self.yaml("""
                  dbloda: [/opt/x.sh]
                  switch: []
                  finalize: [/opt/f.sh, "{target}"]
                  rollback: /opt/r.sh
            """))
        #expect(text.contains(
            #"node.yaml:20: nodes[0].wizard.dbloda: unknown key "dbloda" (known: dbload, finalize, rollback, switch)"#))
        #expect(text.contains("node.yaml:21: nodes[0].wizard.switch: must not be empty"))
        #expect(text.contains(
            "node.yaml:22: nodes[0].wizard.finalize: unknown placeholder {target} (known: {node}, {version})"))
        #expect(text.contains("node.yaml:23: nodes[0].wizard.rollback: expected a list of text values"))
    }

    @Test("an empty wizard section is refused: it would offer nothing while saying it does")
    func emptySection() {
        let text = ConfigLoaderTests.problems(ConfigLoaderTests.yaml() + "\n    wizard: {}")
        #expect(text.contains("node.yaml:19: nodes[0].wizard: maps no wizard step"))
    }
}
