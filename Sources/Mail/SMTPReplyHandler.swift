import NIOCore

/// The inbound end of the pipeline: splits the bytes at CRLF, parses replies and hands each one to whoever
/// waits for it (or keeps it until someone does). Errors and a closed connection fail the waiter. Event loop only.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    static let maxLineLength = 4096
    private var partial: [UInt8] = []
    private var parser = SMTPReplyParser()
    private var ready: [SMTPReply] = []
    private var waiting: EventLoopPromise<SMTPReply>?
    private var failure: (any Error)?

    struct ConnectionClosed: Error, CustomStringConvertible {
        var description: String { "the server closed the connection" }
    }

    struct LineTooLong: Error, CustomStringConvertible {
        var description: String { "the server sent a line longer than \(SMTPReplyHandler.maxLineLength) bytes" }
    }

    /// The next reply, in order.
    func nextReply(on eventLoop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        if !ready.isEmpty { return eventLoop.makeSucceededFuture(ready.removeFirst()) }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        waiting = promise
        return promise.futureResult
    }

    /// Nothing received beyond the replies handed out: checked before STARTTLS, where bytes sent ahead of the
    /// handshake would be taken as coming over TLS (the STARTTLS command injection of CVE-2011-0411).
    var isIdle: Bool { ready.isEmpty && partial.isEmpty && !parser.isMidReply }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        guard let bytes = buffer.readBytes(length: buffer.readableBytes) else { return }
        for byte in bytes {
            if byte == 10 {
                if partial.last == 13 { partial.removeLast() }
                let line = String(decoding: partial, as: UTF8.self)
                partial.removeAll(keepingCapacity: true)
                do {
                    if let reply = try parser.feed(line) { deliver(reply) }
                } catch {
                    fail(error, context: context)
                    return
                }
            } else {
                partial.append(byte)
                if partial.count > Self.maxLineLength {
                    fail(LineTooLong(), context: context)
                    return
                }
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(ConnectionClosed(), context: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error, context: context)
    }

    private func deliver(_ reply: SMTPReply) {
        if let promise = waiting {
            waiting = nil
            promise.succeed(reply)
        } else {
            ready.append(reply)
        }
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext?) {
        if failure == nil { failure = error }
        if let promise = waiting {
            waiting = nil
            promise.fail(failure ?? error)
        }
        context?.close(promise: nil)
    }
}
