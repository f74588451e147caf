import Foundation
import HTTPTypes
import Hummingbird

/// The one place the client's address and scheme come from. Behind a reverse proxy every connection comes
/// from the proxy, so a proxy listed in `ChatEngine::TrustedProxies` may name the client (X-Forwarded-For)
/// and the scheme (X-Forwarded-Proto); from anyone else those headers are ignored, so they cannot be spoofed.
struct ClientAddress {
    let address: String
    let isHTTPS: Bool

    init(_ request: Request, _ context: WebContext, trusted: Set<String>, servedOverHTTPS: Bool) {
        let peer = context.clientIP
        let fromProxy = trusted.contains(peer)
        address = fromProxy ? Self.forwardedClient(request.headers[.xForwardedFor], peer: peer, trusted: trusted) : peer
        let proto = fromProxy ? request.headers[.xForwardedProto]?.lowercased() : nil
        isHTTPS = servedOverHTTPS || proto == "https"
    }

    /// The nearest address in X-Forwarded-For that is not a trusted proxy (each proxy appends the address
    /// it saw, so the right end is the most trustworthy); the peer itself when there is none.
    static func forwardedClient(_ header: String?, peer: String, trusted: Set<String>) -> String {
        let hops = (header ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for hop in hops.reversed().prefix(20) where !trusted.contains(hop) { return String(hop.prefix(64)) }
        return hops.first.map { String($0.prefix(64)) } ?? peer
    }
}

extension WebEnvironment {
    func client(_ request: Request, _ context: WebContext) -> ClientAddress {
        ClientAddress(request, context, trusted: settings.trustedProxies, servedOverHTTPS: settings.servedOverHTTPS)
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
    static let xForwardedProto = Self("X-Forwarded-Proto")!
}
