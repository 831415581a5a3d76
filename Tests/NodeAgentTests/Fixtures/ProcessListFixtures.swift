/// `ucybsmcl -c GET_PROCESS_LIST` outputs the parser must read (docs/node.md, "ucybsmcl output").
enum ProcessListFixtures {
    /// The quoted-field form public tools read (`"Service" "Status" ["ProcID" "Start time" "Runtime" "CPU time"]`):
    /// a v21+ server with base and target services, a stopped service with empty fields and one without them.
    static let quoted = """
        "UC4 WP1" "R" "126410" "2026-11-25 - 23:12" "00:10:01" "00:00:04"
        "UC4 WP2" "R" "126411" "2026-11-25 - 23:12" "00:10:01" "00:00:02"
        "UC4 CP1" "R" "126431" "2026-11-25 - 23:13" "00:09:40" "00:00:01"
        "UC4 JWP1" "R" "126450" "2026-11-25 - 23:13" "00:09:30" "00:01:12"
        "UC4 JCP1" "R" "126470" "2026-11-25 - 23:14" "00:09:10" "00:00:40"
        "UC4 REST1" "R" "126480" "2026-11-25 - 23:14" "00:09:00" "00:00:30"
        "UC4 WP1 24.4.4" "S" "" "" "" ""
        "UC4 CP1 24.4.4" "S"

        """

    /// What the quoted form parses to.
    static let quotedEntries: [(name: String, running: Bool, pid: Int?, started: String?)] = [
        ("UC4 WP1", true, 126_410, "2026-11-25 - 23:12"), ("UC4 WP2", true, 126_411, "2026-11-25 - 23:12"),
        ("UC4 CP1", true, 126_431, "2026-11-25 - 23:13"), ("UC4 JWP1", true, 126_450, "2026-11-25 - 23:13"),
        ("UC4 JCP1", true, 126_470, "2026-11-25 - 23:14"), ("UC4 REST1", true, 126_480, "2026-11-25 - 23:14"),
        ("UC4 WP1 24.4.4", false, nil, nil), ("UC4 CP1 24.4.4", false, nil, nil),
    ]

    /// The older form with bare fields after the quoted name (CRLF line ends, as on Windows).
    static let bare = "\"UC4 WP1\" R 4242 2026-11-25 20:00\r\n\r\n\"UC4 CP1\" S\r\n"

    /// Lines neither form accepts, each alone.
    static let unreadable = [
        "Service UC4 WP2 is RUNNING",
        "\"UC4 WP1\" R notapid x",
        "\"UC4 WP1\" \"R\" \"notapid\"",
        "\"UC4 WP1\" \"R\"",
        "\"UC4 WP1\" \"X\" \"1\"",
        "\"UC4 WP1\" \"R\" 4242 \"2026-11-25\"",
        "\"UC4 WP1 R 4242",
        "\"\" \"S\"",
        "\"UC4 WP1\"\"S\"",
        "\"UC4 WP1\" S extra",
    ]
}
