import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Wraps the server's HTTP channel (here HTTP/1 with the WebSocket upgrade) with the connection guard:
/// the guard goes first in the pipeline, its observer right behind the HTTP decoder, so both see every
/// request, the first one included (which the upgrade step holds before any handler added later).
struct GuardedHTTPChannel<Inner: HTTPChannelHandler>: HTTPChannelHandler {
    typealias Value = Inner.Value

    let inner: Inner
    let limits: HTTPLimits
    let slots: ConnectionSlots

    var responder: Responder { inner.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let connectionGuard = ConnectionGuard(limits: limits, slots: slots)
        do {
            try channel.pipeline.syncOperations.addHandler(connectionGuard, position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger).assumeIsolated().flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(RequestObserver(connectionGuard), position: .after(decoder))
            return value
        }.nonisolated()
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
        // The request loop has ended (a refusal ends it at once): the guard closes the connection once its
        // answer had time to reach the client; this makes sure it is closed even on a path the guard missed.
        try? await Task.sleep(for: .nanoseconds(limits.lingerAfterRefusal.nanoseconds * 2))
        try? await value.channel.close()
    }
}
