import NIOCore
import NIOHTTP1

/// Why the connection guard turns a request away: an HTTP status and a short text that names the problem.
enum Refusal: Equatable {
    case headTimeout, bodyTimeout, uriTooLong, headerTooLarge, bodyTooLarge, malformed(String), tooManyConnections

    var status: HTTPResponseStatus {
        switch self {
        case .headTimeout, .bodyTimeout: .requestTimeout
        case .uriTooLong: .uriTooLong
        case .headerTooLarge: .requestHeaderFieldsTooLarge
        case .bodyTooLarge: .payloadTooLarge
        case .malformed: .badRequest
        case .tooManyConnections: .tooManyRequests
        }
    }

    var text: String {
        switch self {
        case .headTimeout: "The request line and headers did not arrive in time."
        case .bodyTimeout: "The request body arrived too slowly."
        case .uriTooLong: "The request target is too long."
        case .headerTooLarge: "The request headers are too large or too many."
        case .bodyTooLarge: "The request body is too large."
        case .malformed(let why): "Malformed request: \(why)."
        case .tooManyConnections: "Too many open connections from this address."
        }
    }

    /// The whole answer as bytes: the guard sits in front of the HTTP encoder, and closes afterwards.
    func response(_ allocator: ByteBufferAllocator) -> ByteBuffer {
        var extra = ""
        if self == .tooManyConnections { extra = "Retry-After: 10\r\n" }
        let body = text + "\n"
        return allocator.buffer(string: "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\nConnection: close\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\(extra)Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
    }
}
