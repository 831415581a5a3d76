import Foundation
import NodeAgent
import Testing

@Suite("GET_PROCESS_LIST parser and node.yaml loader")
struct ParserAndConfigTests {
    @Test("running and stopped lines parse; blank lines are skipped")
    func parsesDocumentedFormat() throws {
        let entries = try ProcessListParser.parse("\"UC4 WP1\" R 4242 2026-11-25 20:00\n\n\"UC4 CP1\" S\n")
        #expect(entries == [
            ServiceEntry(name: "UC4 WP1", running: true, pid: 4242, started: "2026-11-25 20:00"),
            ServiceEntry(name: "UC4 CP1", running: false),
        ])
    }

    @Test("an unknown line is an error quoting it with its line number")
    func unknownLineIsQuoted() {
        #expect(throws: NodeAgentError.unparsableProcessList(line: 2, text: "Service UC4 WP2 is RUNNING")) {
            try ProcessListParser.parse("\"UC4 WP1\" S\nService UC4 WP2 is RUNNING\n")
        }
        #expect(throws: NodeAgentError.unparsableProcessList(line: 1, text: "\"UC4 WP1\" R notapid x")) {
            try ProcessListParser.parse("\"UC4 WP1\" R notapid x")
        }
    }

    @Test("config problems name file, line and field")
    func configErrorsAreLocated() {
        let yaml = """
            system: PROD
            stateDirectory: /tmp/x
            serviceManager: {ucybsmcl: /bin/true, host: nohostport, phraseEnv: P}
            nodes:
              - name: AE_1A
                datacenter: DC1
                netArea: NA_DC1
                port: 8101
                wpServices: [W1]
                cpServices: [C1]
                binaries: {root: /opt/ae}
                comands: {}
            """
        do {
            _ = try ConfigLoader.parse(yaml: yaml, file: "node.yaml")
            Issue.record("expected problems")
        } catch {
            #expect(error.description.contains("node.yaml:3: serviceManager.host: expected host:port"))
            #expect(error.description.contains("node.yaml:12: nodes[0].comands: unknown key \"comands\""))
        }
    }

    @Test("a complete config loads with its commands")
    func loadsCommands() throws {
        let yaml = """
            system: PROD
            stateDirectory: /tmp/x
            serviceManager: {ucybsmcl: /opt/sm/ucybsmcl, host: 127.0.0.1:8871, phraseFile: /etc/p}
            commands: {zduPrepare: [/opt/zdu.sh, prepare, "{version}"]}
            nodes:
              - {name: AE_1A, datacenter: DC1, netArea: NA_DC1, port: 8101, wpServices: [W1], cpServices: [C1],
                 binaries: {installedVersionFile: /opt/v}, commands: {pwpHandover: [/opt/h.sh, "{to}"]}}
            """
        let config = try ConfigLoader.parse(yaml: yaml, file: "node.yaml")
        #expect(config.listenAddress == "127.0.0.1")
        #expect(config.command(.zduPrepare, node: config.nodes[0])?.argv == ["/opt/zdu.sh", "prepare", "{version}"])
        #expect(config.command(.pwpHandover, node: config.nodes[0])?.argv == ["/opt/h.sh", "{to}"])
        #expect(config.command(.binariesStage, node: config.nodes[0]) == nil)
    }
}
