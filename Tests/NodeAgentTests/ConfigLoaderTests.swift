import NodeAgent
import NodeContract
import Testing

@Suite("node.yaml loader")
struct ConfigLoaderTests {
    /// A valid v21+ node.yaml with `extraManager` lines under `serviceManager:` and `target` as the node's target.
    static func yaml(extraManager: String = "", target: String = "{WP: [T1], CP: [T2], JCP: [T3]}") -> String {
        """
        system: PROD
        stateDirectory: /tmp/x
        serviceManager:
          ucybsmcl: /opt/sm/ucybsmcl
          host: 127.0.0.1:8871
          phraseFile: /etc/p
          passwordFile: /etc/pw\(extraManager)
        zdu: {phaseCommand: [/opt/zdu-phase.sh]}
        commands: {pwpLocation: [/opt/pwp.sh]}
        nodes:
          - name: AE_1A
            datacenter: DC1
            netArea: NA_DC1
            port: 8101
            base: {version: "24.4.1", WP: [W1], CP: [C1], JCP: [J1]}
            target: \(target)
            binaries: {root: /opt/ae, archives: /opt/delivery}
            commands: {binariesStage: [/opt/stage.sh, "{version}"]}
        """
    }

    /// The problems of a configuration that must not load.
    static func problems(_ yaml: String) -> String {
        do {
            _ = try ConfigLoader.parse(yaml: yaml, file: "node.yaml")
            return ""
        } catch { return error.description }
    }

    @Test("a complete v21+ config loads: base and target services per kind, password, phase command, commands")
    func loads() throws {
        let config = try ConfigLoader.parse(yaml: Self.yaml(), file: "node.yaml")
        let node = try #require(config.nodes.first)
        #expect(node.baseVersion == "24.4.1")
        #expect(node.base == ServiceSet([.wp: ["W1"], .cp: ["C1"], .jcp: ["J1"]]))
        #expect(node.target == ServiceSet([.wp: ["T1"], .cp: ["T2"], .jcp: ["T3"]]))
        #expect(node.binaries == BinariesConfig(root: "/opt/ae", archives: "/opt/delivery"))
        #expect(config.serviceManager.password == .file("/etc/pw"))
        #expect(config.serviceManager.stopMode == .normal && config.serviceManager.noDrainStopMode == .normal)
        #expect(config.zduPhaseCommand?.argv == ["/opt/zdu-phase.sh"])
        #expect(config.command(.pwpLocation, node: node)?.argv == ["/opt/pwp.sh"])
        #expect(config.command(.binariesStage, node: node)?.argv == ["/opt/stage.sh", "{version}"])
        #expect(config.command(.agentCounts, node: node) == nil)
    }

    @Test("stop mode S is refused at load with the reason; A is accepted", arguments: ["stopMode", "noDrainStopMode"])
    func systemShutdownRefused(_ field: String) throws {
        let text = Self.problems(Self.yaml(extraManager: "\n  \(field): S"))
        #expect(text.contains("node.yaml:8: serviceManager.\(field): \"S\" is refused"))
        #expect(text.contains("system shutdown") && text.contains("AE-SM-1"))
        let config = try ConfigLoader.parse(yaml: Self.yaml(extraManager: "\n  \(field): A"), file: "node.yaml")
        #expect((field == "stopMode" ? config.serviceManager.stopMode : config.serviceManager.noDrainStopMode) == .kill)
        #expect(Self.problems(Self.yaml(extraManager: "\n  \(field): X")).contains("expected C (end normally) or A"))
    }

    @Test("target services must match the base counts per kind; a service listed twice is refused")
    func targetMatchesBase() {
        let counts = Self.problems(Self.yaml(target: "{WP: [T1, T4], CP: [T2], JCP: [T3]}"))
        #expect(counts.contains("nodes[0].target: must list as many services of each kind as base"))
        #expect(counts.contains("(1 WP, 1 CP, 1 JCP), got 2 WP, 1 CP, 1 JCP"))
        #expect(Self.problems(Self.yaml(target: "{WP: [W1], CP: [T2], JCP: [T3]}")).contains("\"W1\" is listed twice"))
    }

    @Test("problems name file, line and field: old keys of the retired contract are unknown")
    func configErrorsAreLocated() {
        let yaml = """
            system: PROD
            stateDirectory: /tmp/x
            serviceManager: {ucybsmcl: /bin/true, host: nohostport, phraseEnv: P, drainStopMode: C}
            nodes:
              - name: AE_1A
                datacenter: DC1
                netArea: NA_DC1
                port: 8101
                wpServices: [W1]
                base: {version: "24.4.1", WP: []}
                binaries: {root: /opt/ae}
            """
        let text = Self.problems(yaml)
        #expect(text.contains("node.yaml:3: serviceManager.host: expected host:port"))
        #expect(text.contains("node.yaml:3: serviceManager.drainStopMode: unknown key"))
        #expect(text.contains("node.yaml:9: nodes[0].wpServices: unknown key"))
        #expect(text.contains("node.yaml:10: nodes[0].base.WP: must not be empty"))
    }
}
