import NIOCore
import SysConfig

/// What one client connection may take from the server: how long it may take to send a request, how big
/// the request may be, and how many connections one address may hold. From `ChatEngine::HTTP::*`, read
/// once at start; the counts are per server process (see docs/web-protocol.md).
public struct HTTPLimits: Sendable {
    var requestHeadTimeout: TimeAmount
    var bodyTimeout: TimeAmount
    var bodyMinimumRate: Int
    var keepAliveTimeout: TimeAmount
    var maxURILength: Int
    var maxHeaderBytes: Int
    var maxHeaderCount: Int
    var maxBodyBytes: Int
    var maxConnectionsPerAddress: Int
    /// Reverse proxies: every connection behind them comes from their address.
    var exemptAddresses: Set<String>
    /// How long a refused connection is kept to let the answer reach the client before the socket closes.
    var lingerAfterRefusal: TimeAmount = .seconds(1)

    public init(_ settings: ChatEngineSettings) {
        let http = settings.httpServer
        requestHeadTimeout = .seconds(Int64(http.requestHeadTimeout))
        bodyTimeout = .seconds(Int64(http.bodyTimeout))
        bodyMinimumRate = http.bodyMinimumRate
        keepAliveTimeout = .seconds(Int64(http.keepAliveTimeout))
        maxURILength = http.maxURILength
        maxHeaderBytes = http.maxHeaderBytes
        maxHeaderCount = http.maxHeaderCount
        maxBodyBytes = OTRSFrontend.maxBodyBytes
        maxConnectionsPerAddress = http.maxConnectionsPerAddress
        exemptAddresses = settings.trustedProxies
    }
}
