import NIOCore
import NIOHTTP1

/// Behind the HTTP decoder: tells the connection guard where each request stands (head, body bytes, end,
/// the response's end, an upgrade) and drops what the guard refused. Leaves the pipeline at a WebSocket
/// upgrade, when the HTTP handlers do.
final class RequestObserver: ChannelDuplexHandler, RemovableChannelHandler {
    /// Request parts, and at an upgrade the bytes that followed its head, which the decoder hands on as
    /// they are when it leaves (a client may send its first frame without waiting for the 101).
    typealias InboundIn = Any
    typealias InboundOut = Any
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let connectionGuard: ConnectionGuard
    private var upgrading = false

    init(_ connectionGuard: ConnectionGuard) {
        self.connectionGuard = connectionGuard
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !connectionGuard.isRefused else { return }
        guard let part = unwrapInboundIn(data) as? HTTPServerRequestPart else { return context.fireChannelRead(data) }
        switch part {
        case .head(let head): guard connectionGuard.requestHead(head) else { return }
        case .body(let bytes): guard connectionGuard.bodyBytes(bytes.readableBytes) else { return }
        case .end: connectionGuard.requestEnded()
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parseError = error as? HTTPParserError else { return context.fireErrorCaught(error) }
        connectionGuard.parseError(parseError)  // the guard answers 400, 414 or 431 and closes
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status == .switchingProtocols:
            context.write(data, promise: promise)
            connectionGuard.upgraded()
            upgrading = true  // leave once the 101 is flushed: the upgrade step writes and flushes in one call
        case .end:
            context.write(data, promise: promise)
            connectionGuard.responseEnded()
        case .head, .body:
            context.write(data, promise: promise)
        }
    }

    func flush(context: ChannelHandlerContext) {
        context.flush()
        if upgrading { context.pipeline.syncOperations.removeHandler(context: context, promise: nil) }
    }
}
