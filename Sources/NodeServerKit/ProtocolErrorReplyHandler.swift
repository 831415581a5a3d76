import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NodeContract

/// Closes connections that must not stay open: a request that cannot be parsed (a header over the caps: 431; any
/// other parse error: 400) is answered with problem+json and the connection closed at once, instead of waiting for
/// the client to close it; and a response carrying `Connection: close` (413, oversized keys) closes it once sent.
final class ProtocolErrorReplyHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var closeAfterResponse = false
    private var answered = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }  // the connection is closing: the rest of a bad request is not routed
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parse = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        guard !answered else { return }
        answered = true
        let problem: Problem = parse == .headerOverflow
            ? Problem(
                title: "Request Header Fields Too Large", status: 431,
                detail: "the request's header is larger than the server accepts; send shorter headers")
            : Problem(title: "Bad Request", status: 400, detail: "the request is not valid HTTP/1.1 (\(parse))")
        let body = HTTPReply.encode(problem)
        var fields = HTTPFields()
        fields[.contentType] = ContractHeader.problemJSON
        fields[.contentLength] = String(body.count)
        fields[.connection] = "close"
        let head = HTTPResponse(status: .init(code: problem.status), headerFields: fields)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(bytes: body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.close(promise: nil)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            if head.headerFields[.connection]?.lowercased() == "close" { closeAfterResponse = true }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            guard closeAfterResponse else {
                context.write(data, promise: promise)
                return
            }
            context.writeAndFlush(data, promise: promise)
            context.close(promise: nil)
        }
    }
}
