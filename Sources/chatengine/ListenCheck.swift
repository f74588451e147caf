import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Whether `serve` may listen on its address: tried before anything is opened or printed, so a second
/// server on a taken port says so in one line instead of printing URLs that belong to the first one.
/// The check binds and listens the way the server will (first address `getaddrinfo` gives, `SO_REUSEADDR`),
/// then lets go; the server's own bind follows a moment later.
enum ListenCheck {
    enum Outcome: Equatable {
        case free
        case inUse
        case failed(String)
    }

    static func check(host: String, port: Int) -> Outcome {
        guard (0...65535).contains(port) else { return .failed("\(port) is not a port number (0 to 65535)") }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &list)
        guard resolved == 0, let first = list else {
            return .failed("cannot resolve \(host): \(String(cString: gai_strerror(resolved)))")
        }
        defer { freeaddrinfo(list) }
        let descriptor = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return .failed(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var one: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0,
            listen(descriptor, 1) == 0
        else {
            let code = errno
            return code == EADDRINUSE ? .inUse : .failed(String(cString: strerror(code)))
        }
        return .free
    }

    /// `host:port` as a URL writes it (IPv6 in brackets).
    static func address(host: String, port: Int) -> String {
        "\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    /// The one line for a taken port: the address, and how to choose another (a free one when one is near).
    static func inUseMessage(host: String, port: Int) -> String {
        let nearby = port < 65535 ? Array(port + 1...min(port + 20, 65535)) : []
        let suggestion = nearby.first { check(host: host, port: $0) == .free } ?? 8081
        return "chatengine: cannot listen on \(address(host: host, port: port)): the port is already in use "
            + "(is ChatEngine already running?). Choose another port with --port, e.g. "
            + "`make run ARGS=\"--port \(suggestion)\"` or `chatengine serve --port \(suggestion)`.\n"
    }

    static func failedMessage(host: String, port: Int, reason: String) -> String {
        "chatengine: cannot listen on \(address(host: host, port: port)): \(reason). "
            + "Choose the address with --host and the port with --port.\n"
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
