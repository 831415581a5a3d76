/// Why a run report cannot be made.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No journal at the path: nothing ran with this plan and state directory.
    case noJournal(path: String)
    /// The availability report (file or admin URL) could not be read or decoded.
    case availability(source: String, message: String)
    /// The HTML page could not be written.
    case write(path: String, message: String)

    /// What went wrong, naming the file or URL, and what to do.
    public var description: String {
        switch self {
        case .noJournal(let path):
            return "\(path): no journal here; run apply first, or pass the --state-dir the run used"
        case .availability(let source, let message):
            return "\(source): cannot read the availability report: \(message)"
        case .write(let path, let message):
            return "\(path): cannot write the HTML report: \(message)"
        }
    }
}
