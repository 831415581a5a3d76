import Foundation
import NodeTestSupport

/// The seed farm (AE_1A in DC1 with the PWP, AE_1B in DC2) faked for two `aeupgrade-node` instances: per node a
/// fake `ucybsmcl` with 4 WPs and 2 CPs and a binaries root with 21.0.5 installed; shared files for the PWP location
/// and the ZDU phase; scripts for stage, handover, ZDU and agent counts (agents follow serving CPs, else fall back).
struct FakeFarm {
    let directory: String
    let token = "farm-token-\(UInt32.random(in: 1_000_000...9_999_999))"
    let phrase = "farm-phrase-\(UInt32.random(in: 1_000_000...9_999_999))"
    static let nodes = [("AE_1A", "DC1", "NA_DC1"), ("AE_1B", "DC2", "NA_DC2")]

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("aeupgrade-farm-\(UUID().uuidString)")
            .path
        let fm = FileManager.default
        try fm.createDirectory(atPath: "\(directory)/shared", withIntermediateDirectories: true)
        try put("token", token + "\n")
        try put("phrase", phrase + "\n")
        try put("shared/pwp", "AE_1A AE_1A/WP1\n")
        try put("shared/zdu", "off 21.0.5\n")
        for (node, _, _) in Self.nodes {
            try fm.createDirectory(atPath: "\(directory)/\(node)/root/21.0.5", withIntermediateDirectories: true)
            try fm.createDirectory(atPath: "\(directory)/\(node)/root/staged", withIntermediateDirectories: true)
            try fm.createSymbolicLink(atPath: "\(directory)/\(node)/root/current", withDestinationPath: "21.0.5")
            try put("\(node)/sm-state", Self.services(node).map { "\($0)|R" }.joined(separator: "\n") + "\n")
            try put("\(node)/ucybsmcl", FakeNode.script(
                state: "\(directory)/\(node)/sm-state", extra: "\(directory)/\(node)/none", phrase: phrase,
                log: "\(directory)/\(node)/sm-calls"), executable: true)
        }
        try put("stage.sh", FakeNode.stageScript, executable: true)
        try put("zdu.sh", Self.zdu, executable: true)
        try put("pwp.sh", Self.pwp, executable: true)
        try put("agents.sh", Self.agents, executable: true)
    }

    static func services(_ node: String) -> [String] {
        (1...4).map { "\(node) WP\($0)" } + (1...2).map { "\(node) CP\($0)" }
    }

    func put(_ name: String, _ text: String, executable: Bool = false) throws {
        let text = text.replacingOccurrences(of: "@D@", with: directory)
        try text.write(toFile: "\(directory)/\(name)", atomically: true, encoding: .utf8)
        if executable {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: "\(directory)/\(name)")
        }
    }

    /// node.yaml of one node; health at `healthURL`.
    func config(_ index: Int, healthURL: String) -> String {
        let (node, dc, area) = Self.nodes[index]
        let list = { (names: [String]) in names.map { "\"\($0)\"" }.joined(separator: ", ") }
        return """
            system: PROD
            stateDirectory: \(directory)/\(node)/state
            tokenFile: \(directory)/token
            commandTimeout: 30
            serviceManager: {ucybsmcl: \(directory)/\(node)/ucybsmcl, host: "127.0.0.1:887\(index)", \
            phraseFile: \(directory)/phrase}
            commands:
              zduPrepare: [\(directory)/zdu.sh, prepare, "{version}"]
              zduFinalize: [\(directory)/zdu.sh, finalize]
              zduRollback: [\(directory)/zdu.sh, rollback]
              zduStatus: [\(directory)/zdu.sh, status]
              pwpLocation: [\(directory)/pwp.sh, where]
              pwpHandover: [\(directory)/pwp.sh, handover, "{to}"]
              agentCounts: [\(directory)/agents.sh]
              binariesStage: [\(directory)/stage.sh, "\(directory)/\(node)/root", "{version}"]
            nodes:
              - name: \(node)
                datacenter: \(dc)
                netArea: \(area)
                port: 0
                wpServices: [\(list(Array(Self.services(node).prefix(4))))]
                cpServices: [\(list(Array(Self.services(node).suffix(2))))]
                health: {url: "\(healthURL)", client: "100"}
                binaries: {root: \(directory)/\(node)/root}

            """
    }

    static let zdu = #"""
        #!/bin/sh
        f="@D@/shared/zdu"; read phase base target < "$f"
        case "$1" in
          status) cat "$f";;
          prepare) echo "compatibility $base $2" > "$f";;
          finalize) echo "finalized $base $target" > "$f";;
          rollback) echo "off $base" > "$f";;
          *) echo "zdu.sh: unknown $1" >&2; exit 2;;
        esac
        """#

    static let pwp = #"""
        #!/bin/sh
        case "$1" in
          where) cat "@D@/shared/pwp";;
          handover) echo "$2 $2/WP1" > "@D@/shared/pwp";;
        esac
        """#

    /// Agents of a NetArea use their own node's CPs while they serve (running, not standby), else the other's.
    static let agents = #"""
        #!/bin/sh
        serving() {
          grep -q "^$1 CP1|R" "@D@/$1/sm-state" || return 1
          grep -q "\"$1\":\"standby\"" "@D@/$1/state/node-memory.json" 2>/dev/null && return 1
          return 0
        }
        area() { # name count own other
          if serving "$3"; then printf '{"name":"%s","agents":%s,"connected":{"%s/CP1":%s},"home":%s,"disconnected":0}' "$1" "$2" "$3" "$2" "$2"
          elif serving "$4"; then printf '{"name":"%s","agents":%s,"connected":{"%s/CP1":%s},"home":0,"disconnected":0}' "$1" "$2" "$4" "$2"
          else printf '{"name":"%s","agents":%s,"connected":{},"home":0,"disconnected":%s}' "$1" "$2" "$2"; fi
        }
        printf '['; area NA_DC1 120 AE_1A AE_1B; printf ','; area NA_DC2 80 AE_1B AE_1A; printf ']\n'
        """#
}
