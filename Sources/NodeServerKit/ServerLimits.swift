import Hummingbird
import HummingbirdCore
import NIOCore

/// Limits that keep a node endpoint answering while clients abuse it (shared by the simulator and aeupgrade-node).
public struct ServerLimits: Sendable {
    /// A connection is closed when it has not completed a request part for this long: an idle keep-alive
    /// connection, and a client that sends its request head too slowly (slowloris; Hummingbird counts only complete
    /// request parts as activity, so this is also the header read timeout).
    public var idleTimeout: Duration
    /// Most bytes of one header field, and of all of a request's header fields together; more is 431 and close.
    public var maxHeaderBytes: Int
    /// Most header fields of a request; more is 431 and close.
    public var maxHeaderCount: Int
    /// Most bytes of a request body; more is 413 and close.
    public var maxBodyBytes: Int
    /// Longest `Idempotency-Key` (spec/node-api.yaml: 255); longer is 400.
    public var maxIdempotencyKeyLength: Int

    /// Creates limits; the defaults suit both servers.
    public init(
        idleTimeout: Duration = .seconds(10), maxHeaderBytes: Int = 16 * 1024, maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 64 * 1024, maxIdempotencyKeyLength: Int = 255
    ) {
        self.idleTimeout = idleTimeout
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.maxIdempotencyKeyLength = maxIdempotencyKeyLength
    }

    /// The limits both servers use unless a test asks for others.
    public static let standard = ServerLimits()

    /// Hummingbird's HTTP/1.1 channel with these limits: idle timeout, header caps, and a problem+json answer
    /// followed by a close for a request that cannot be parsed (see `ProtocolErrorReplyHandler`).
    public var http1: HTTP1Channel.Configuration {
        HTTP1Channel.Configuration(
            additionalChannelHandlers: [ProtocolErrorReplyHandler()],
            idleTimeout: TimeAmount(idleTimeout),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: maxHeaderBytes, maxHeaderListSize: maxHeaderBytes,
                maxHeaderFieldCount: maxHeaderCount))
    }
}
