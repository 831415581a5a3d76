import UpgradePlan

/// Colours of the step kinds on the timeline and in the legend.
public enum TimelinePalette {
    /// The fill colour (`#rrggbb`) of a step kind.
    public static func color(_ kind: StepKind) -> String {
        switch kind {
        case .binariesStage: return "#9ecae1"
        case .zduPrepare: return "#3182bd"
        case .cpStandby: return "#fdae6b"
        case .agentsAwaitFailover: return "#fdd0a2"
        case .pwpHandover: return "#e6550d"
        case .wpStop: return "#969696"
        case .binariesInstall: return "#31a354"
        case .processesStart: return "#74c476"
        case .healthVerify: return "#c7e9c0"
        case .cpActivate: return "#756bb1"
        case .agentsAwaitHome: return "#bcbddc"
        case .gate: return "#d6a5e6"
        case .zduFinalize: return "#08519c"
        case .zduRollback: return "#843c39"
        }
    }
}
