/// The version pairs AE's Zero Downtime Upgrade supports, as data (docs/ae-model.md AE-ZDU-10). Rows are checked
/// in order and the first that matches decides; each names the page that states it.
public enum ZDUPathTable {
    /// What the table says about one pair.
    public enum Verdict: Sendable, Equatable {
        /// ZDU supports the pair.
        case supported
        /// ZDU does not support the pair.
        case refused
        /// No page found says either way: refused unless `policy.zduPathConfirmed`.
        case unknown
    }

    /// One row: which pairs it covers, what it says and where that is written.
    public struct Row: Sendable {
        /// The row's rule in words, e.g. `24.4.x -> 24.4.y (y > x)`.
        public let rule: String
        /// What it says.
        public let verdict: Verdict
        /// Why, in one line.
        public let reason: String
        /// The address of the page that states it.
        public let source: String
        /// Whether the row covers a pair.
        let matches: @Sendable (AEVersion, AEVersion) -> Bool
    }

    static let faq122 = "https://docs.automic.com/documentation/webhelp/english/AWA/ALL/DOCU/12.2/AWA%20Guides/"
        + "Content/Installation_Upgrade/install_zdu_faq.htm"
    static let toc244 = "https://docs.automic.com/documentation/webhelp/english/AA/24.4/DOCU/24.4/"
        + "Automic%20Automation%20Guides/Content/Installation_Upgrade/install_zdu_toc_toplevel.htm"
    static let faq2105 = "https://docs.automic.com/documentation/webhelp/english/ALL/components/DOCU/21.0.5/"
        + "Automic%20Automation%20Guides/Content/Installation_Upgrade/install_zdu_faq.htm"
    static let kb423292 = "https://knowledge.broadcom.com/external/article/423292/system-performs-unexpected-cold-start-af.html"
    static let kb259197 = "https://knowledge.broadcom.com/external/article/259197/zdu-explanation-of-agent-transfers-to-n.html"
    static let processes2105 = "https://docs.automic.com/documentation/WEBHELP/English/all/components/DOCU/21.0.5/"
        + "Automic%2520Automation%2520Guides/Content/AWA/Admin/admin_server_processes.htm"

    /// The rows, in the order they are checked.
    public static let rows: [Row] = [
        Row(rule: "base below 11.2 -> any", verdict: .refused,
            reason: "11.2 is the minimum base version for ZDU", source: faq122,
            matches: { base, _ in base < AEVersion(11, 2) }),
        Row(rule: "any -> same or lower version", verdict: .refused,
            reason: "ZDU only upgrades; the database is never downgraded (ZDU FAQ)", source: faq2105,
            matches: { base, target in target <= base }),
        Row(rule: "below 24.0 -> 24.0 or later", verdict: .refused,
            reason: "a database below 24.0 must first be migrated to UTF-8 in a separate step with downtime",
            source: toc244, matches: { base, target in base < AEVersion(24, 0) && target >= AEVersion(24, 0) }),
        Row(rule: "below 24.4.0 -> 24.4.0", verdict: .refused,
            reason: "no ZDU to 24.4.0 from an earlier version", source: toc244,
            matches: { base, target in target == AEVersion(24, 4, 0) && base < target }),
        Row(rule: "24.0-24.3 -> 24.4.y (cautious reading)", verdict: .refused,
            reason: "the 24.4 pages refuse ZDU into 24.4 from earlier versions; read as every 24.4.y", source: toc244,
            matches: { base, target in base.major == 24 && base.minor < 4 && target.major == 24 && target.minor == 4 }),
        Row(rule: "24.4.x -> 24.4.y (y > x)", verdict: .supported,
            reason: "ZDU within 24.4 (a target below 24.4.4 cold-starts a WP at the first node reboot, KB 423292)",
            source: kb423292, matches: { base, target in
                base.major == 24 && base.minor == 4 && target.major == 24 && target.minor == 4 && target > base
            }),
        Row(rule: "21.0.x -> 21.0.y (y > x)", verdict: .supported,
            reason: "service packs and hot fixes are applied by ZDU since 11.2; KB 259197 describes a 21.0 ZDU",
            source: kb259197, matches: { base, target in
                base.major == 21 && base.minor == 0 && target.major == 21 && target.minor == 0 && target > base
            }),
        Row(rule: "a.b.x -> a.b.y (y > x), from 11.2", verdict: .supported,
            reason: "service packs and hot fixes are applied by ZDU since 11.2", source: faq122,
            matches: { base, target in
                base.major == target.major && base.minor == target.minor && target > base
            }),
        // After the rows above, this only meets targets in 21.0-23.x (from 24.0 the UTF-8 row decides).
        Row(rule: "below 21.0 -> 21.0 or later (cautious reading)", verdict: .refused,
            reason: "from v21 AE needs JWP, JCP and REST processes and Windows, UNIX and Java agents connect to JCPs; "
                + "a topology gives each node one set of processes for base and target and has none of these below "
                + "v21, so it cannot describe a farm that gains JWP/JCP/REST in the upgrade",
            source: processes2105, matches: { base, target in base < AEVersion(21, 0) && target >= AEVersion(21, 0) }),
    ]

    /// The first row covering the pair, nil when none does (then the pair is unknown).
    public static func row(base: AEVersion, target: AEVersion) -> Row? {
        rows.first { $0.matches(base, target) }
    }
}
