import Foundation
import TestScratch
import NodeTestSupport

/// The seed farm (AE_1A in DC1 with the PWP, AE_1B in DC2; 24.4.1 -> 24.4.4) faked for two `aeupgrade-node`
/// instances: per node a fake `ucybsmcl` (quoted-field output) with 4 WPs, 2 CPs, a JWP, a JCP and a REST process as
/// base services and the same as target services, a binaries root with the base directory; shared files for the
/// ZDU phase and the PWP location, which the test writes as the operator performs the AWI wizard; an `agentCounts`
/// script whose agents use their NetArea's serving CP/JCP, else the other NetArea's (the declared fallback).
struct FakeFarm {
    let directory: String
    let token = "farm-token-\(UInt32.random(in: 1_000_000...9_999_999))"
    let phrase = "farm-phrase-\(UInt32.random(in: 1_000_000...9_999_999))"
    let password = "farm-password-\(UInt32.random(in: 1_000_000...9_999_999))"
    static let nodes = [("AE_1A", "DC1", "NA_DC1"), ("AE_1B", "DC2", "NA_DC2")]
    static let kinds = [("WP", 4), ("CP", 2), ("JWP", 1), ("JCP", 1), ("REST", 1)]

    init() throws {
        directory = TestScratch.directory("farm")
        try FileManager.default.createDirectory(atPath: "\(directory)/shared", withIntermediateDirectories: true)
        for (name, text) in [("token", token), ("phrase", phrase), ("password", password)] {
            try put(name, text + "\n")
        }
        try put("shared/pwp", "AE_1A AE_1A/WP1\n")
        try put("shared/zdu", "off\n")
        for (node, _, _) in Self.nodes {
            try FileManager.default.createDirectory(
                atPath: "\(directory)/\(node)/root/24.4.1", withIntermediateDirectories: true)
            let states = Self.services(node, target: false).map { "\($0)|R" }
                + Self.services(node, target: true).map { "\($0)|S" }
            try put("\(node)/sm-state", states.joined(separator: "\n") + "\n")
            try put("\(node)/ucybsmcl", FakeNode.script(
                state: "\(directory)/\(node)/sm-state", extra: "\(directory)/\(node)/none", phrase: phrase,
                password: password, log: "\(directory)/\(node)/sm-calls"), executable: true)
        }
        try put("stage.sh", FakeNode.stageScript, executable: true)
        try put("agents.sh", Self.agents, executable: true)
    }

    /// Service names of a node of one kind: `AE_1A CP1`, or `AE_1A-T CP1` for the target.
    static func services(_ node: String, _ kind: String, target: Bool) -> [String] {
        let count = kinds.first { $0.0 == kind }!.1
        return (1...count).map { "\(node)\(target ? "-T" : "") \(kind)\($0)" }
    }

    /// Every service name of a node's base or target set.
    static func services(_ node: String, target: Bool) -> [String] {
        kinds.flatMap { services(node, $0.0, target: target) }
    }

    func put(_ name: String, _ text: String, executable: Bool = false) throws {
        let text = text.replacingOccurrences(of: "@D@", with: directory)
        try text.write(toFile: "\(directory)/\(name)", atomically: true, encoding: .utf8)
        if executable {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: "\(directory)/\(name)")
        }
    }

    /// Sets the services of a node to running (`R`) or stopped (`S`), as the wizard's finalize stops base processes.
    func set(_ node: String, target: Bool, _ state: String) throws {
        let names = Set(Self.services(node, target: target))
        let path = "\(directory)/\(node)/sm-state"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
            let name = String(line.split(separator: "|")[0])
            return names.contains(name) ? "\(name)|\(state)" : String(line)
        }
        try put("\(node)/sm-state", lines.joined(separator: "\n") + "\n")
    }

    /// node.yaml of one node; health at `healthURL`.
    func config(_ index: Int, healthURL: String) -> String {
        let (node, dc, area) = Self.nodes[index]
        let list = { (kind: String, target: Bool) in
            "\(kind): [" + Self.services(node, kind, target: target).map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        }
        let kinds = Self.kinds.map(\.0)
        return """
            system: PROD
            stateDirectory: \(directory)/\(node)/state
            tokenFile: \(directory)/token
            commandTimeout: 30
            serviceManager: {ucybsmcl: \(directory)/\(node)/ucybsmcl, host: "127.0.0.1:887\(index)", \
            phraseFile: \(directory)/phrase, passwordFile: \(directory)/password}
            zdu: {phaseCommand: [/bin/cat, \(directory)/shared/zdu]}
            commands:
              pwpLocation: [/bin/cat, \(directory)/shared/pwp]
              agentCounts: [\(directory)/agents.sh]
              binariesStage: [\(directory)/stage.sh, "\(directory)/\(node)/root", "{version}"]
            nodes:
              - name: \(node)
                datacenter: \(dc)
                netArea: \(area)
                port: 0
                base: {version: "24.4.1", \(kinds.map { list($0, false) }.joined(separator: ", "))}
                target: {\(kinds.map { list($0, true) }.joined(separator: ", "))}
                health: {url: "\(healthURL)", client: "100"}
                binaries: {root: \(directory)/\(node)/root}

            """
    }

    /// Agents per (NetArea, via) as seed phase 1 declares them. Before the switch base processes serve, after it
    /// target ones (base as last resort until finalize, ASSUMED-1, AE-ZDU-4); an agent uses its own node's first
    /// serving process of its kind, else the other node's (the loadBalancer fallback of seed phase 1).
    static let agents = #"""
        #!/bin/sh
        phase=$(cut -d' ' -f1 "@D@/shared/zdu")
        running() { grep -q "^$1|R" "@D@/$2/sm-state"; }
        serving() { # node kind -> process id or nothing
          case "$phase" in
            off|compatibility) running "$1 ${2}1" "$1" && echo "$1/${2}1";;
            switched) if running "$1-T ${2}1" "$1"; then echo "$1/${2}1@24.4.4"
                      elif running "$1 ${2}1" "$1"; then echo "$1/${2}1"; fi;;
            finalized) running "$1-T ${2}1" "$1" && echo "$1/${2}1@24.4.4";;
          esac
        }
        area() { # name via count own other
          own=$(serving "$4" "$2"); other=$(serving "$5" "$2")
          if [ -n "$own" ]; then printf '{"name":"%s","via":"%s","agents":%s,"connected":{"%s":%s},"home":%s,"disconnected":0}' "$1" "$2" "$3" "$own" "$3" "$3"
          elif [ -n "$other" ]; then printf '{"name":"%s","via":"%s","agents":%s,"connected":{"%s":%s},"home":0,"disconnected":0}' "$1" "$2" "$3" "$other" "$3"
          else printf '{"name":"%s","via":"%s","agents":%s,"connected":{},"home":0,"disconnected":%s}' "$1" "$2" "$3" "$3"; fi
        }
        printf '['; area NA_DC1 JCP 100 AE_1A AE_1B; printf ','; area NA_DC1 CP 20 AE_1A AE_1B
        printf ','; area NA_DC2 JCP 70 AE_1B AE_1A; printf ','; area NA_DC2 CP 10 AE_1B AE_1A; printf ']\n'
        """#
}
