/// Errors of the simulator's shell.
public enum SimulatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A listener could not be started.
    case listenerFailed(name: String, port: Int, reason: String)
    /// The topology cannot be simulated.
    case invalidTopology(reason: String)

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .listenerFailed(let name, let port, let reason):
            "cannot listen for \(name) on 127.0.0.1:\(port): \(reason); free the port or drop --use-topology-ports"
        case .invalidTopology(let reason):
            "cannot simulate this topology: \(reason)"
        }
    }
}
