import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of every ChatEngine route: WebSocket upgrades and the client's address (for the
/// per-IP limits).
public struct WebContext: RequestContext, WebSocketRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<WebContext>
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        remoteAddress = source.channel.remoteAddress
    }

    /// The peer's IP address as text ("unknown" when the socket has none); behind a trusted proxy the
    /// client's is `WebEnvironment.client(_:_:)`'s.
    var clientIP: String { remoteAddress?.ipAddress ?? "unknown" }
}
