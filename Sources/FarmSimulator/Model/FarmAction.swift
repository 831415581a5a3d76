/// What the server shell must do after the model changed: the model itself never touches sockets.
public enum FarmAction: Sendable, Equatable {
    /// Close the node's listener so connections are refused.
    case closeListener(node: String)
    /// Open the node's listener again on its port.
    case openListener(node: String)
}
