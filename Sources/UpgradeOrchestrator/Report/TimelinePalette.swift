import UpgradePlan

/// Colours of the step kinds on the timeline and in the legend.
public enum TimelinePalette {
    /// The fill colour (`#rrggbb`) of a step kind.
    public static func color(_ kind: StepKind) -> String {
        switch kind {
        case .binariesStage: return "#9ecae1"
        case .zduDBLoad: return "#3182bd"
        case .cpDrain: return "#fdae6b"
        case .agentsAwaitReconnect: return "#fdd0a2"
        case .wpStop: return "#969696"
        case .targetStart: return "#74c476"
        case .targetVerify: return "#c7e9c0"
        case .gate: return "#d6a5e6"
        case .zduSwitch: return "#e6550d"
        case .zduFinalize: return "#08519c"
        case .targetStop: return "#ad494a"
        case .zduRollback: return "#843c39"
        }
    }
}
